// The stand-in website's calls to the API, shared by its pages: what a real site's forms do.
"use strict";

/** The API's origin, which the page's CSP (connect-src) allows alone. */
const API = document.querySelector('meta[name="api-origin"]').content;

/** The pages speak Vietnamese first: the API's titles and messages come in it too. */
const LANGUAGES = "vi, en;q=0.5";

/**
 * Calls the API. Resolves to {status, ok, data, headers}; rejects only when no answer arrived
 * (network down, the answer lost, or refused by CORS), which the caller may retry.
 */
async function callApi(method, path, {body, session, ifMatch, idempotencyKey} = {}) {
  const headers = {"accept-language": LANGUAGES};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (session) headers["authorization"] = "Bearer " + session;
  if (ifMatch) headers["if-match"] = ifMatch;
  if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
  const response = await window.fetch(API + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  const type = response.headers.get("content-type") || "";
  const data = /json/.test(type) ? await response.json().catch(() => null) : null;
  return {status: response.status, ok: response.ok, data, headers: response.headers, response};
}

/** The Idempotency-Key of an emailed link's token: its SHA-256 in hex, the same on every retry. */
async function idempotencyKeyOf(token) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), byte => byte.toString(16).padStart(2, "0")).join("");
}

/** Writes a bilingual text: Vietnamese, then the English half marked lang="en". */
function say(element, vi, en) {
  const english = document.createElement("span");
  english.lang = "en";
  english.textContent = en;
  element.replaceChildren(vi + " / ", english);
}

/** A text for any answer that is not a success: a problem's own words, or a readable fallback. */
function sayRefusal(element, answer) {
  const problem = answer.data;
  if (problem && typeof problem.title === "string") {
    element.textContent = problem.detail ? problem.title + ": " + problem.detail : problem.title;
  } else if (answer.status === 429) {
    say(element, "Quá nhiều yêu cầu; hãy thử lại sau ít phút.", "Too many requests; try again in a few minutes.");
  } else if (answer.status >= 500) {
    say(element, `Dịch vụ chưa trả lời được (HTTP ${answer.status}); hãy thử lại.`,
        `The service could not answer (HTTP ${answer.status}); try again.`);
  } else {
    say(element, `Yêu cầu không thực hiện được (HTTP ${answer.status}).`,
        `The request did not go through (HTTP ${answer.status}).`);
  }
}

function sayUnreachable(element) {
  say(element, "Không nhận được câu trả lời; hãy kiểm tra kết nối rồi thử lại.",
      "No answer came back; check your connection and try again.");
}

/** The form field an error entry names: its JSON pointer's first step, or its older `field`. */
function fieldOf(entry) {
  if (typeof entry.pointer === "string" && entry.pointer.startsWith("/")) {
    return entry.pointer.slice(1).split("/")[0].replace(/~1/g, "/").replace(/~0/g, "~");
  }
  return entry.field;
}

/** Clears a form's field errors. */
function clearErrors(form) {
  form.querySelectorAll("[data-error-for]").forEach(slot => slot.replaceChildren());
  form.querySelectorAll("[aria-invalid]").forEach(input => input.removeAttribute("aria-invalid"));
}

/**
 * Shows each error of a 422 next to the field it names; the ones that name no field of the form
 * go to the form's own slot (data-error-for=""). Moves the focus to the first field in error.
 */
function showErrors(form, problem) {
  clearErrors(form);
  const entries = problem && Array.isArray(problem.errors) ? problem.errors : [];
  let first = null;
  for (const entry of entries) {
    const name = fieldOf(entry);
    const input = name ? form.elements.namedItem(name) : null;
    const slot = form.querySelector(`[data-error-for="${input ? CSS.escape(name) : ""}"]`);
    const line = document.createElement("span");
    line.textContent = entry.message;
    slot.append(line, " ");
    if (input && input.setAttribute) {
      input.setAttribute("aria-invalid", "true");
      first = first || input;
    }
  }
  if (first) first.focus();
}

/** The session of this tab, kept only while the tab is open. */
const session = {
  get: () => sessionStorage.getItem("session"),
  set: token => sessionStorage.setItem("session", token),
  end: () => sessionStorage.removeItem("session"),
};

/**
 * Makes a form post its body to a route that takes an Idempotency-Key: a new random key per body,
 * the same on a retry of that body after a lost answer. Shows each field's error next to it, and
 * hands a success to {@code done}.
 */
function postsForm(form, result, path, bodyOf, done) {
  let pending = null;
  form.addEventListener("submit", async event => {
    event.preventDefault();
    const body = bodyOf(form);
    if (!pending || pending.body !== JSON.stringify(body)) {
      pending = {body: JSON.stringify(body), key: crypto.randomUUID()};
    }
    say(result, "Đang gửi…", "Sending…");
    let answer;
    try {
      answer = await callApi("POST", path, {body, idempotencyKey: pending.key});
    } catch (lost) {
      sayUnreachable(result);
      return;
    }
    if (answer.status < 500) pending = null;
    if (answer.ok) {
      clearErrors(form);
      done(answer);
    } else {
      if (answer.status === 422) showErrors(form, answer.data);
      sayRefusal(result, answer);
    }
  });
}

/**
 * An emailed link's token, moved from the URL's fragment (which no server sees) into this tab's
 * storage: out of the address bar, history and shared screenshots, yet still there for a reload or
 * a retry after a lost answer, until an answer settles it. A policy answer's link also names the
 * version it answers, which the page shows before anything is sent.
 */
const linkToken = (() => {
  const key = "token:" + location.pathname;
  const versionKey = "version:" + location.pathname;
  const fragment = new URLSearchParams(location.hash.slice(1));
  const fromLink = fragment.get("token");
  if (fromLink) {
    sessionStorage.setItem(key, fromLink);
    if (fragment.has("version")) sessionStorage.setItem(versionKey, fragment.get("version"));
    else sessionStorage.removeItem(versionKey);
    history.replaceState(null, "", location.pathname);
  }
  // A link opened in a tab that shows this page already changes only the fragment: start afresh.
  window.addEventListener("hashchange", () => {
    if (new URLSearchParams(location.hash.slice(1)).has("token")) location.reload();
  });
  return {
    get: () => sessionStorage.getItem(key),
    version: () => sessionStorage.getItem(versionKey),
    settled: () => {
      sessionStorage.removeItem(key);
      sessionStorage.removeItem(versionKey);
    },
  };
})();

/**
 * Fills a fieldset with one checkbox per consent purpose, as GET /v1/consent-purposes lists them: the
 * Vietnamese name and description first, the English marked lang="en", none ticked unless {@code ticked}
 * says so (a profile's answers in force), each box named by its purpose's id under consents. Resolves to
 * the purposes' ids, or to null when the list could not be read (the fieldset then says so).
 */
async function offerConsentPurposes(fieldset, ticked = () => false) {
  const boxes = fieldset.querySelector("[data-purposes]");
  let answer;
  try {
    answer = await callApi("GET", "/v1/consent-purposes");
  } catch (lost) {
    answer = null;
  }
  if (!answer || !answer.ok || !answer.data || !Array.isArray(answer.data.purposes)) {
    say(boxes, "Không tải được các mục đích; hãy tải lại trang.", "The purposes could not be loaded; reload the page.");
    return null;
  }
  boxes.replaceChildren();
  for (const purpose of answer.data.purposes) {
    const id = "consent-" + purpose.purposeId;
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.id = id;
    box.name = "consents." + purpose.purposeId;
    box.dataset.purpose = purpose.purposeId;
    box.checked = ticked(purpose.purposeId);
    box.setAttribute("aria-describedby", id + "-description");
    const english = document.createElement("span");
    english.lang = "en";
    english.textContent = purpose.nameEn;
    label.append(box, " " + purpose.nameVi + " / ", english);
    const description = document.createElement("span");
    description.className = "description";
    description.id = id + "-description";
    say(description, purpose.descriptionVi, purpose.descriptionEn);
    boxes.append(label, description);
  }
  return answer.data.purposes.map(purpose => purpose.purposeId);
}

/** Each purpose's box, as the API's consents: {purposeId: ticked}. */
function consentsIn(fieldset) {
  const consents = {};
  fieldset.querySelectorAll("input[data-purpose]").forEach(box => { consents[box.dataset.purpose] = box.checked; });
  return consents;
}

/** A policy version's summary, date and full text in the page's #version section, read before any answer. */
function showPolicyVersion(version) {
  say(document.getElementById("version-heading"),
      `Chính sách phiên bản ${version.versionId}, có hiệu lực từ ${version.effectiveDate}`,
      `Policy version ${version.versionId}, in force from ${version.effectiveDate}`);
  document.getElementById("version-vi").textContent = version.summaryVi;
  document.getElementById("version-en").textContent = version.summaryEn;
  const link = document.getElementById("version-link");
  link.href = version.policyUrl;
  say(link, "Đọc toàn văn chính sách", "Read the full policy");
  document.getElementById("version").hidden = false;
}
