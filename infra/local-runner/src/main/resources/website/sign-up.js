// The signup form: every field sent (each purpose's box as true or false, never left out), errors by field;
// under 16, the year of birth and a guardian's address.
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
  const minor = document.getElementById("minor");
  const underSixteen = () => form.sixteenOrOver.value === "false";
  form.addEventListener("change", () => { minor.hidden = !underSixteen(); });
  postsForm(form, result, "/v1/profiles", form => {
    const body = {fullName: form.fullName.value, phone: form.phone.value, email: form.email.value,
      consents: consentsIn(consents)};
    // No age chosen: nothing sent, and the API takes the form as one of 16 or over.
    if (form.sixteenOrOver.value) body.sixteenOrOver = !underSixteen();
    if (underSixteen()) {
      // A year as typed: the API names a missing or impossible one.
      if (form.birthYear.value) body.birthYear = Number(form.birthYear.value);
      body.guardianEmail = form.guardianEmail.value;
    }
    return body;
  }, answer => {
    form.reset();
    minor.hidden = true;
    result.textContent = answer.data.message;
  });
})();
