// The sign-in page: a link asked for, a link used after a click, then the profile as a form.
"use strict";
(() => {
  const result = document.getElementById("result");
  const ask = document.getElementById("ask");
  const link = document.getElementById("link");
  const signedIn = document.getElementById("signedIn");
  const profileForm = document.getElementById("profile");
  const deletion = document.getElementById("deletion");
  const useLink = document.getElementById("useLink");
  const consents = document.getElementById("consents");
  /** The profile as last read, and its ETag, which a change sends back as If-Match. */
  let shown = null;
  let etag = null;

  function showOnly(section) {
    for (const each of [ask, link, signedIn]) each.hidden = each !== section;
  }

  if (linkToken.get()) {
    showOnly(link);
  } else if (session.get()) {
    loadProfile();
  } else {
    showOnly(ask);
  }

  postsForm(ask, result, "/v1/sign-in-links", form => ({email: form.email.value}),
      answer => { result.textContent = answer.data.message; });

  useLink.addEventListener("click", async () => {
    const token = linkToken.get();
    useLink.disabled = true;
    say(result, "Đang đăng nhập…", "Signing in…");
    let answer;
    try {
      answer = await callApi("POST", "/v1/sessions", {body: {token}, idempotencyKey: await idempotencyKeyOf(token)});
    } catch (lost) {
      sayUnreachable(result);
      useLink.disabled = false;
      return;
    }
    useLink.disabled = false;
    if (answer.status >= 500) {
      sayRefusal(result, answer);
      return;
    }
    linkToken.settled();
    if (!answer.ok) {
      sayRefusal(result, answer);
      showOnly(ask);
      return;
    }
    session.set(answer.data.sessionToken);
    say(result, "Đã đăng nhập.", "Signed in.");
    loadProfile();
  });

  async function loadProfile() {
    const answer = await callApi("GET", "/v1/profiles/me", {session: session.get()});
    if (answer.status === 401) {
      signedOut("Phiên đăng nhập đã hết; hãy đăng nhập lại.", "Your session has ended; sign in again.");
    } else if (!answer.ok) {
      sayRefusal(result, answer);
    } else {
      await show(answer);
    }
  }

  /** Whether the learner's answer in force to a purpose is yes ("no" and "never-asked" are not). */
  function saysYes(purposeId) {
    return (shown.consents || []).some(consent => consent.purposeId === purposeId && consent.answer === "yes");
  }

  async function show(answer) {
    shown = answer.data;
    etag = answer.headers.get("etag");
    profileForm.fullName.value = shown.fullName;
    profileForm.phone.value = shown.phone;
    profileForm.email.value = shown.email;
    const pending = document.getElementById("email-pending");
    if (shown.pendingEmail) {
      say(pending, `Đang chờ xác nhận: ${shown.pendingEmail}`, `Waiting for confirmation: ${shown.pendingEmail}`);
    } else {
      pending.replaceChildren();
    }
    // The purposes as the centre lists them now, each ticked as the profile answers it.
    await offerConsentPurposes(consents, saysYes);
    clearErrors(profileForm);
    showOnly(signedIn);
  }

  function signedOut(vi, en) {
    session.end();
    shown = null;
    etag = null;
    showOnly(ask);
    say(result, vi, en);
  }

  profileForm.addEventListener("submit", async event => {
    event.preventDefault();
    const changes = {};
    for (const name of ["fullName", "phone", "email"]) {
      if (profileForm[name].value !== shown[name]) changes[name] = profileForm[name].value;
    }
    // Only the answers changed: a purpose never answered and left unticked stays never answered.
    const answers = Object.entries(consentsIn(consents)).filter(([purposeId, ticked]) => ticked !== saysYes(purposeId));
    if (answers.length > 0) changes.consents = Object.fromEntries(answers);
    if (Object.keys(changes).length === 0) {
      say(result, "Không có gì thay đổi.", "Nothing has changed.");
      return;
    }
    let answer;
    try {
      answer = await callApi("PATCH", "/v1/profiles/me", {body: changes, session: session.get(), ifMatch: etag});
    } catch (lost) {
      // If-Match makes a blind retry safe: a change that went through makes it stale (412).
      sayUnreachable(result);
      return;
    }
    if (answer.ok) {
      await show(answer);
      say(result, "Đã lưu.", "Saved.");
    } else if (answer.status === 412) {
      await loadProfile();
      say(result, "Hồ sơ vừa thay đổi ở nơi khác; biểu mẫu đã hiện bản mới nhất, hãy sửa lại.",
          "The profile changed elsewhere; the form shows the latest, make your change again.");
    } else if (answer.status === 401) {
      signedOut("Phiên đăng nhập đã hết; hãy đăng nhập lại.", "Your session has ended; sign in again.");
    } else if (answer.status === 422) {
      showErrors(profileForm, answer.data);
      sayRefusal(result, answer);
    } else {
      sayRefusal(result, answer);
    }
  });

  document.getElementById("export").addEventListener("click", async () => {
    let answer;
    try {
      answer = await callApi("GET", "/v1/profiles/me/export", {session: session.get()});
    } catch (lost) {
      sayUnreachable(result);
      return;
    }
    if (!answer.ok) {
      sayRefusal(result, answer);
      return;
    }
    // Content-Disposition names the file; a page reads it only when CORS exposes it.
    const disposition = answer.headers.get("content-disposition") || "";
    const name = (/filename="?([^";]+)"?/.exec(disposition) || [null, "profile.json"])[1];
    const file = URL.createObjectURL(new Blob([JSON.stringify(answer.data, null, 2)], {type: "application/json"}));
    const anchor = document.createElement("a");
    anchor.href = file;
    anchor.download = name;
    anchor.click();
    setTimeout(() => URL.revokeObjectURL(file), 60000);
    say(result, `Đã tải xuống ${name}.`, `Downloaded ${name}.`);
  });

  deletion.addEventListener("submit", async event => {
    event.preventDefault();
    clearErrors(deletion);
    const kind = deletion.kind.value;
    let answer;
    try {
      answer = await callApi("POST", "/v1/profiles/me/deletion-request", {body: {kind}, session: session.get()});
    } catch (lost) {
      // A retry answers 200 with the request already in force: safe to send again.
      sayUnreachable(result);
      return;
    }
    if (answer.ok) {
      // The request ends every session of the learner, this one included.
      signedOut(kind === "delete"
          ? "Yêu cầu xoá đã có hiệu lực và bạn đã được đăng xuất. Email gửi đến bạn có ngày xoá và liên kết để huỷ."
          : "Hồ sơ đã ngừng sử dụng và bạn đã được đăng xuất. Đăng nhập lại để huỷ việc này.",
          kind === "delete"
          ? "Your deletion request is in force and you are signed out. The email sent to you has the erasure date and a link to cancel."
          : "Your profile is deactivated and you are signed out. Sign in again to undo it.");
    } else if (answer.status === 422) {
      showErrors(deletion, answer.data);
      sayRefusal(result, answer);
    } else {
      sayRefusal(result, answer);
    }
  });

  document.getElementById("signOut").addEventListener("click", async () => {
    try {
      await callApi("DELETE", "/v1/sessions/current", {session: session.get()});
    } catch (lost) {
      // The session stays valid until its idle timeout; forgetting it here is what the learner asked.
    }
    signedOut("Đã đăng xuất.", "Signed out.");
  });
})();
