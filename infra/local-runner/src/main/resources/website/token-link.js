// An emailed link's page: the token waits for the learner's click, and stays until an answer comes.
"use strict";
(() => {
  const act = document.getElementById("act");
  const result = document.getElementById("result");
  const heading = document.querySelector("h1");
  // The page's texts come as "Vietnamese / English"; the English half is marked as such.
  const bilingual = (element, text) => say(element, ...text.split(" / "));
  bilingual(heading, heading.textContent);
  bilingual(act, act.textContent);
  if (!linkToken.get()) {
    act.hidden = true;
    say(result, "Liên kết không đầy đủ; hãy mở lại liên kết trong email.",
        "This link is incomplete; open the link in the email again.");
    return;
  }
  showVersion(linkToken.version());
  act.addEventListener("click", async () => {
    const token = linkToken.get();
    act.disabled = true;
    say(result, "Đang gửi…", "Sending…");
    let answer;
    try {
      answer = await callApi("POST", act.dataset.route,
          {body: {token}, idempotencyKey: await idempotencyKeyOf(token)});
    } catch (lost) {
      sayUnreachable(result);
      retry();
      return;
    }
    if (answer.ok) {
      linkToken.settled();
      act.hidden = true;
      bilingual(result, act.dataset.done);
    } else if (answer.status >= 500 || answer.status === 409 && answer.data?.type?.endsWith("request-in-progress")) {
      sayRefusal(result, answer);
      retry();
    } else {
      linkToken.settled();
      act.hidden = true;
      sayRefusal(result, answer);
    }
  });
  /** What a policy answer answers: the version's summary, its date and the full text, read before the click. */
  async function showVersion(versionId) {
    if (!versionId) return;
    const section = document.getElementById("version");
    let answer;
    try {
      answer = await callApi("GET", "/v1/policy-versions/" + encodeURIComponent(versionId));
    } catch (lost) {
      answer = null;
    }
    if (!answer || !answer.ok) {
      say(document.getElementById("version-heading"), "Phiên bản " + versionId, "Version " + versionId);
      say(document.getElementById("version-vi"), "Chưa tải được nội dung phiên bản này; hãy đọc nó trong email.",
          "This version could not be loaded; read it in the email.");
      section.hidden = false;
      return;
    }
    showPolicyVersion(answer.data);
  }
  function retry() {
    act.disabled = false;
    say(act, "Thử lại", "Try again");
  }
})();
