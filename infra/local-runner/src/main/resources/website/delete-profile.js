// The public deletion form: the request is mailed for confirmation; errors by field.
"use strict";
(() => {
  const result = document.getElementById("result");
  postsForm(document.getElementById("request"), result, "/v1/deletion-requests",
      form => ({email: form.email.value, kind: form.kind.value}),
      answer => { result.textContent = answer.data.message; });
})();
