/* django-linebot: the "Preview" button of MessagesJSONWidget. It posts the textarea's JSON to the
   admin's preview view (same site, CSRF token from the form or the cookie) and shows the HTML the
   server drew; the server escapes every string of the messages. */
(function () {
  "use strict";
  function csrfToken(button) {
    var form = button.closest("form");
    var field = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) { return field.value; }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  function preview(button) {
    var source = document.getElementById(button.getAttribute("data-preview-for"));
    var output = document.getElementById(button.getAttribute("data-preview-for") + "_preview");
    if (!source || !output) { return; }
    output.textContent = "…";
    fetch(button.getAttribute("data-preview-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken(button)},
      body: source.value
    }).then(function (response) {
      return response.text().then(function (body) { return {ok: response.ok, body: body}; });
    }).then(function (result) {
      if (result.ok) { output.innerHTML = result.body; } else { output.textContent = result.body; }
    }).catch(function (error) { output.textContent = "Preview failed: " + error; });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".lbp-preview-button");
    if (button) { event.preventDefault(); preview(button); }
  });
})();
