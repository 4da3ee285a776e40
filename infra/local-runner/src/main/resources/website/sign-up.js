// The signup form: every field sent (each purpose's box as true or false, never left out), errors by field.
"use strict";
(() => {
  const result = document.getElementById("result");
  const form = document.getElementById("signup");
  const consents = document.getElementById("consents");
  const send = form.querySelector("button");
  // Not sent before the purposes are offered (a signup must answer them); if they cannot be, the fieldset
  // says so, and the API's refusal of a signup that answers none says what is missing.
  send.disabled = true;
  offerConsentPurposes(consents).finally(() => { send.disabled = false; });
  postsForm(form, result, "/v1/profiles",
      form => ({fullName: form.fullName.value, phone: form.phone.value, email: form.email.value,
        consents: consentsIn(consents)}),
      answer => {
        form.reset();
        result.textContent = answer.data.message;
      });
})();
