/* The rich menu action editor (django_linebot/admin/richmenu_action_widget.py): show only the chosen
 * type's fields, and keep the "Raw JSON" textarea in step with them. Without this script every field
 * shows and the server reads the chosen type's. No library, no build step.
 * SPDX-License-Identifier: Apache-2.0 (as django-linebot) */
(function () {
  "use strict";
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function typeOf(box) { return box.querySelector("[data-linebot-action-type]").value; }
  function has(el, type) { return (" " + el.getAttribute("data-types") + " ").indexOf(" " + type + " ") >= 0; }
  /* The action the fields say (what the server builds from them), for the textarea and the drawing. */
  function actionOf(box) {
    var type = typeOf(box), action = { type: type };
    each(box.querySelectorAll(".linebot-action-field[data-types]"), function (el) {
      var input = el.querySelector("input, select");
      if (!input || !has(el, type) || input.value === "") return;
      var key = input.name.slice(input.name.lastIndexOf("__") + 2);
      if (key === "altUri.desktop") action.altUri = { desktop: input.value };
      else action[key] = input.value;
    });
    return action;
  }
  function sync(box) {
    var raw = box.querySelector("[data-linebot-action-raw]"), text = box.querySelector("textarea");
    if (raw && text && !raw.checked) text.value = JSON.stringify(actionOf(box));
  }
  function show(box) {
    var type = typeOf(box);
    each(box.querySelectorAll(".linebot-action-field[data-types]"), function (el) {
      el.style.display = has(el, type) ? "block" : "none";
    });
    var list = box.querySelector("datalist"), alias = box.querySelector('input[name$="__richMenuAliasId"]');
    if (list && alias) alias.setAttribute("list", list.id); // Django renumbers ids, not list=
    sync(box);
  }
  function boxOf(el) { return el && el.closest ? el.closest("[data-linebot-action]") : null; }
  document.addEventListener("change", function (ev) {
    var box = boxOf(ev.target);
    if (!box) return;
    if (ev.target.hasAttribute("data-linebot-action-type")) show(box); else sync(box);
  });
  document.addEventListener("input", function (ev) {
    var box = boxOf(ev.target);
    if (box && ev.target.tagName !== "TEXTAREA") sync(box);
  });
  document.addEventListener("formset:added", function (ev) {
    each((ev.target || document).querySelectorAll("[data-linebot-action]"), show);
  });
  function init() { each(document.querySelectorAll("[data-linebot-action]"), show); }
  /* the editor reads an area's action from here to label the drawing */
  window.linebotActionOf = function (el) {
    var box = el.querySelector("[data-linebot-action]");
    if (!box) return null;
    var raw = box.querySelector("[data-linebot-action-raw]");
    if (raw && raw.checked) {
      try { return JSON.parse(box.querySelector("textarea").value); } catch (e) { return null; }
    }
    return actionOf(box);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
