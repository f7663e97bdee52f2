/* Rich menu editor for the django-linebot admin: draw, move and resize areas on the image.
 * Written for this app with pointer events (no library, no build step). The numbers stay in the
 * inline's x/y/width/height fields: the drawing writes them, editing them redraws.
 * SPDX-License-Identifier: Apache-2.0 (as django-linebot) */
(function () {
  "use strict";
  var SNAP = 24; // image pixels
  var form = document.getElementById("richmenu_form");
  if (!form) return;
  var fileInput = form.querySelector('input[type=file][name=image]');
  var group = document.getElementById("areas-group");
  var stage = document.createElement("div");
  stage.id = "linebot-richmenu-editor";
  stage.style.cssText = "position:relative;max-width:800px;width:100%;line-height:0;border:1px solid #ccc;" +
    "touch-action:none;user-select:none;margin:8px 0;background:#eee";
  var img = document.createElement("img");
  img.alt = "rich menu image";
  img.style.cssText = "width:100%;height:auto;display:block";
  stage.appendChild(img);
  var help = document.createElement("p");
  help.textContent = "Drag on the image to draw an area, drag an area to move it, its corner to resize it.";
  var existing = document.querySelector("#linebot-richmenu-preview img");
  var anchor = group || form.querySelector("fieldset");
  anchor.parentNode.insertBefore(stage, anchor);
  anchor.parentNode.insertBefore(help, anchor);
  var size = { w: 2500, h: 1686 }, hasImage = false;
  var layoutsNode = document.getElementById("linebot-richmenu-layouts");
  var layouts = layoutsNode ? JSON.parse(layoutsNode.textContent) : [];
  var templates = document.createElement("div");
  templates.id = "linebot-richmenu-templates";
  templates.style.cssText = "margin:8px 0;line-height:2.4";
  anchor.parentNode.insertBefore(templates, stage);
  if (existing) img.src = existing.src;
  img.addEventListener("load", function () {
    size = { w: img.naturalWidth, h: img.naturalHeight }; hasImage = true; showTemplates(); draw();
  });
  if (fileInput) fileInput.addEventListener("change", function () {
    var file = fileInput.files && fileInput.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () { img.src = reader.result; };
    reader.readAsDataURL(file);
  });

  /* One button per standard layout that fits the image (large or compact: the nearer aspect ratio;
   * all of them before there is an image). A click replaces the areas with the layout's at once. */
  function showTemplates() {
    templates.textContent = "";
    // rows can be added (the user may change areas): Django's empty form is there
    if (!group || !group.querySelector(".empty-form") || !layouts.length) return;
    var ratio = size.w / size.h, best = null;
    layouts.forEach(function (lay) {
      var d = Math.abs(lay.size[0] / lay.size[1] - ratio);
      if (best === null || d < best) best = d;
    });
    var title = document.createElement("strong");
    title.textContent = "Templates: ";
    templates.appendChild(title);
    layouts.forEach(function (lay) {
      if (hasImage && Math.abs(lay.size[0] / lay.size[1] - ratio) > best + 1e-9) return;
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button linebot-template";
      b.setAttribute("data-layout", lay.key);
      b.textContent = lay.label;
      b.style.marginRight = "6px";
      b.addEventListener("click", function () { applyLayout(lay); });
      templates.appendChild(b);
    });
  }
  function applyLayout(lay) {
    rows().forEach(function (row) {
      var del = row.querySelector('input[name$="-DELETE"]'), link = row.querySelector(".inline-deletelink");
      if (link) link.click(); else if (del) del.checked = true;
    });
    var sx = size.w / lay.size[0], sy = size.h / lay.size[1];
    lay.areas.forEach(function (a) {
      var add = group.querySelector(".add-row a");
      if (!add) return;
      var before = rows().length;
      add.click();
      var all = rows();
      if (all.length === before) return; // the formset is full
      var x0 = Math.round(a[0] * sx), y0 = Math.round(a[1] * sy);
      var x1 = Math.round((a[0] + a[2]) * sx), y1 = Math.round((a[1] + a[3]) * sy);
      setBox(all[all.length - 1], [x0, y0, x1 - x0, y1 - y0]); // shared edges stay shared: no gap
    });
    draw();
    var first = rows()[0], input = first && first.querySelector('[data-linebot-action] input[type=text]');
    if (input && input.offsetParent !== null) input.focus();
  }

  function rows() {
    if (!group) return [];
    return Array.prototype.filter.call(group.querySelectorAll("tr.form-row"), function (row) {
      var x = row.querySelector('input[name$="-x"]');
      var del = row.querySelector('input[name$="-DELETE"]');
      return x && !/__prefix__/.test(x.name) && !(del && del.checked);
    });
  }
  function field(row, name) { return row.querySelector('[name$="-' + name + '"]'); }
  function box(row) {
    return ["x", "y", "width", "height"].map(function (k) { return parseInt(field(row, k).value, 10) || 0; });
  }
  function setBox(row, b) {
    ["x", "y", "width", "height"].forEach(function (k, i) { field(row, k).value = Math.round(b[i]); });
  }
  function label(row) {
    var act = window.linebotActionOf ? window.linebotActionOf(row) : null;
    if (!act) return "";
    return act.label || act.text || act.data || act.uri || act.clipboardText || act.type || "";
  }
  function scale() { return stage.clientWidth / size.w; }
  function toImage(ev) {
    var r = stage.getBoundingClientRect(), s = r.width / size.w;
    return { x: Math.max(0, Math.min(size.w, (ev.clientX - r.left) / s)),
             y: Math.max(0, Math.min(size.h, (ev.clientY - r.top) / s)) };
  }
  function edges(skip) {
    var xs = [0, size.w], ys = [0, size.h];
    rows().forEach(function (row) {
      if (row === skip) return;
      var b = box(row); xs.push(b[0], b[0] + b[2]); ys.push(b[1], b[1] + b[3]);
    });
    return { xs: xs, ys: ys };
  }
  function snap(v, list) {
    var best = v, dist = SNAP;
    list.forEach(function (e) { if (Math.abs(e - v) < dist) { dist = Math.abs(e - v); best = e; } });
    return best;
  }
  function draw() {
    Array.prototype.slice.call(stage.querySelectorAll(".linebot-edit-area")).forEach(function (n) { n.remove(); });
    var s = scale();
    rows().forEach(function (row, i) {
      var b = box(row), el = document.createElement("div");
      el.className = "linebot-edit-area";
      el.style.cssText = "position:absolute;box-sizing:border-box;border:3px solid #06c755;" +
        "background:rgba(6,199,85,.25);cursor:move;display:flex;align-items:center;justify-content:center;" +
        "left:" + b[0] * s + "px;top:" + b[1] * s + "px;width:" + b[2] * s + "px;height:" + b[3] * s + "px";
      el.innerHTML = '<span style="background:#fff;color:#111;font:600 13px sans-serif;padding:2px 6px;' +
        'border-radius:4px;line-height:1.2"></span><i class="linebot-handle" style="position:absolute;right:-6px;' +
        'bottom:-6px;width:14px;height:14px;background:#06c755;cursor:nwse-resize"></i>';
      el.firstChild.textContent = (i + 1) + ". " + label(row);
      el.addEventListener("pointerdown", function (ev) { ev.stopPropagation(); start(ev, row, ev.target.className); });
      stage.appendChild(el);
    });
  }
  var drag = null;
  function start(ev, row, what) {
    ev.preventDefault();
    stage.setPointerCapture(ev.pointerId);
    drag = { row: row, mode: what === "linebot-handle" ? "resize" : "move", from: toImage(ev), box: box(row) };
  }
  stage.addEventListener("pointerdown", function (ev) {
    var p = toImage(ev), before = rows().length, add = group && group.querySelector(".add-row a");
    if (!add) return;
    add.click();
    var all = rows();
    if (all.length === before) return; // the formset is full
    var row = all[all.length - 1];
    setBox(row, [snap(p.x, edges(row).xs), snap(p.y, edges(row).ys), 1, 1]);
    start(ev, row, "linebot-handle");
    drag.mode = "draw";
  });
  stage.addEventListener("pointermove", function (ev) {
    if (!drag) return;
    var p = toImage(ev), b = drag.box.slice(), e = edges(drag.row);
    if (drag.mode === "move") {
      var x = b[0] + p.x - drag.from.x, y = b[1] + p.y - drag.from.y;
      x = snap(x, e.xs); x = snap(x + b[2], e.xs) - b[2];
      y = snap(y, e.ys); y = snap(y + b[3], e.ys) - b[3];
      b[0] = Math.max(0, Math.min(size.w - b[2], x)); b[1] = Math.max(0, Math.min(size.h - b[3], y));
    } else {
      var x0 = drag.mode === "draw" ? Math.min(b[0], snap(p.x, e.xs)) : b[0];
      var y0 = drag.mode === "draw" ? Math.min(b[1], snap(p.y, e.ys)) : b[1];
      var x1 = snap(drag.mode === "draw" ? Math.max(b[0], p.x) : p.x, e.xs);
      var y1 = snap(drag.mode === "draw" ? Math.max(b[1], p.y) : p.y, e.ys);
      b = [x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0)];
    }
    setBox(drag.row, b);
    draw();
  });
  function stop() { drag = null; }
  stage.addEventListener("pointerup", stop);
  stage.addEventListener("pointercancel", stop);
  form.addEventListener("input", function (ev) { if (group && group.contains(ev.target)) draw(); });
  form.addEventListener("change", function (ev) { if (group && group.contains(ev.target)) draw(); });
  document.addEventListener("formset:added", draw);
  document.addEventListener("formset:removed", draw);
  window.addEventListener("resize", draw);
  showTemplates();
  draw();
})();
