// The signup form: every field sent (an unchecked box is false, not missing), errors by field.
"use strict";
(() => {
  const result = document.getElementById("result");
  postsForm(document.getElementById("signup"), result, "/v1/profiles",
      form => ({fullName: form.fullName.value, phone: form.phone.value, email: form.email.value,
        marketingConsent: form.marketingConsent.checked}),
      answer => {
        document.getElementById("signup").reset();
        result.textContent = answer.data.message;
      });
})();
