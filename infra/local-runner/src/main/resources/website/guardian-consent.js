// The guardian's page: the policy version in force and every purpose, each answered on its own, sent with the
// link's token once the guardian presses the button.
"use strict";
(() => {
  const form = document.getElementById("guardian");
  const result = document.getElementById("result");
  const consents = document.getElementById("consents");
  const send = form.querySelector("button");
  if (!linkToken.get()) {
    form.hidden = true;
    say(result, "Liên kết không đầy đủ; hãy mở lại liên kết trong email.",
        "This link is incomplete; open the link in the email again.");
    return;
  }
  let policyVersion;
  send.disabled = true;
  Promise.all([showPolicyInForce(), offerConsentPurposes(consents)]).finally(() => { send.disabled = false; });
  form.addEventListener("submit", async event => {
    event.preventDefault();
    const token = linkToken.get();
    const body = {token, consents: consentsIn(consents)};
    if (policyVersion) body.policyVersion = policyVersion;
    send.disabled = true;
    say(result, "Đang gửi…", "Sending…");
    let answer;
    try {
      answer = await callApi("POST", "/v1/profiles/guardian-consent",
          {body, idempotencyKey: await idempotencyKeyOf(token)});
    } catch (lost) {
      sayUnreachable(result);
      send.disabled = false;
      return;
    }
    if (answer.ok) {
      linkToken.settled();
      form.hidden = true;
      if (answer.data.status === "active") {
        say(result, "Đã ghi nhận sự đồng ý của quý vị; hồ sơ đã được kích hoạt.",
            "Your consent is recorded; the profile is active.");
      } else {
        say(result, "Đã ghi nhận sự đồng ý của quý vị; hồ sơ chờ trẻ xác nhận email của mình.",
            "Your consent is recorded; the profile waits for the child to confirm their email.");
      }
    } else {
      if (answer.status === 422) showErrors(form, answer.data);
      if (answer.status === 400) {
        linkToken.settled();
        form.hidden = true;
      }
      sayRefusal(result, answer);
      send.disabled = false;
    }
  });
  /** The version in force, which the guardian's answers are given under; none while none is published. */
  async function showPolicyInForce() {
    let answer;
    try {
      answer = await callApi("GET", "/v1/policy-versions/current");
    } catch (lost) {
      answer = null;
    }
    if (!answer || !answer.ok) return;
    policyVersion = answer.data.versionId;
    showPolicyVersion(answer.data);
  }
})();
