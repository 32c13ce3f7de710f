// Progressive enhancement: the form works without this script.
(function () {
  "use strict";
  var form = document.getElementById("draft-form");
  if (!form || !window.fetch) { return; }
  var frame = document.getElementById("preview");
  var warnings = document.getElementById("warnings");
  var timer = null;

  function refresh() {
    var data = new FormData(form);
    data.set("action", "preview");
    fetch("/", { method: "POST", body: data, headers: { "X-Requested-With": "fetch" },
                 credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (result) {
        if (!result) { return; }
        frame.srcdoc = result.preview;
        warnings.textContent = "";
        [["warning", result.warnings], ["notice", result.notices]].forEach(function (kind) {
          kind[1].forEach(function (text) {
            var p = document.createElement("p");
            p.className = kind[0];
            p.textContent = text;
            warnings.appendChild(p);
          });
        });
      })
      .catch(function () {});
  }

  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
  document.getElementById("preview-button").addEventListener("click", function (event) {
    event.preventDefault();
    refresh();
  });

  // The usual governing body for the chosen kind in the chosen state, as a hint.
  var kind = document.getElementById("kind");
  var state = document.getElementById("state");
  var stateBodies = JSON.parse(kind.dataset.stateBodies || "{}");
  function showGoverningHint() {
    var option = kind.options[kind.selectedIndex];
    var body = stateBodies[state.value + "|" + kind.value] || option.dataset.governing;
    var hint = document.getElementById("governing-hint");
    hint.textContent = hint.dataset.prefix + " " + body;
  }
  kind.addEventListener("change", showGoverningHint);
  state.addEventListener("change", showGoverningHint);

  // A button to add rows for more officials.
  var officials = document.getElementById("officials");
  var add = document.createElement("button");
  add.type = "button";
  add.className = "secondary";
  add.textContent = officials.dataset.addLabel;
  add.addEventListener("click", function () {
    var rows = officials.querySelectorAll(".official");
    var last = rows[rows.length - 1];
    var index = rows.length;
    if (index >= 20) { return; }
    var copy = last.cloneNode(true);
    copy.dataset.index = String(index);
    copy.querySelectorAll("input, label, p.error").forEach(function (el) {
      if (el.tagName === "P") { el.remove(); return; }
      ["id", "name", "for"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) { el.setAttribute(attr, value.replace(/_\d+$/, "_" + index)); }
      });
      if (el.tagName === "INPUT") { el.value = ""; }
    });
    officials.insertBefore(copy, add);
  });
  officials.appendChild(add);
  if (form.name.value) { refresh(); }
})();
