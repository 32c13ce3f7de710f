// Progressive enhancement: the form works without this script.
(function () {
  "use strict";
  // After a failed submit, the error summary takes the focus, as GOV.UK pages do.
  var summary = document.getElementById("error-summary") || document.getElementById("check-title");
  if (summary) { summary.focus(); }
  var form = document.getElementById("draft-form");
  if (!form || !window.fetch) { return; }
  var frame = document.getElementById("preview");
  var warnings = document.getElementById("warnings");
  var timer = null;

  var status = document.getElementById("preview-status");

  // The problems that keep the preview from showing, in its place, each a link to its field.
  function showProblems(problems) {
    status.textContent = "";
    var title = document.createElement("strong");
    title.textContent = status.dataset.problem;
    var intro = document.createElement("p");
    intro.textContent = status.dataset.fix;
    var list = document.createElement("ul");
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      var field = document.getElementById(problem.field) ||
        form.querySelector("[name=\"" + CSS.escape(problem.field) + "\"]");
      link.textContent = problem.message;
      link.href = "#" + (field && field.id ? field.id : "draft-form");
      item.appendChild(link);
      list.appendChild(item);
    });
    status.appendChild(title);
    status.appendChild(intro);
    status.appendChild(list);
    frame.srcdoc = "";
  }

  function refresh() {
    var data = new FormData(form);
    data.set("action", "preview");
    return fetch("/", { method: "POST", body: data, headers: { "X-Requested-With": "fetch" },
                        credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (result) {
        if (!result.ok) {
          if (result.body && result.body.errors) { showProblems(result.body.errors); }
          return;
        }
        status.textContent = "";
        frame.srcdoc = result.body.preview;
        warnings.textContent = "";
        [["warning", result.body.warnings], ["notice", result.body.notices]].forEach(function (kind) {
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

  // The download buttons: busy while the files are drafted (a packet takes seconds), not
  // pressed twice, and afterwards the page says what the download holds and what to do
  // with each paper. A problem (or a failed request) is shown by the form's own submit.
  var downloadStatus = document.getElementById("download-status");
  var draftButton = document.getElementById("draft-button");
  var packetButton = document.getElementById("packet-button");   // not for one paper
  var downloads = [draftButton, packetButton].filter(Boolean);
  var plainSubmit = false;

  function setBusy(button, busy) {
    downloads.concat([button]).forEach(function (b) { b.disabled = busy; });
    if (busy) {
      button.dataset.label = button.textContent;
      button.textContent = button.dataset.busy;
      button.setAttribute("aria-busy", "true");
    } else {
      button.textContent = button.dataset.label || button.textContent;
      button.removeAttribute("aria-busy");
    }
  }

  function describe(target, file, contents) {
    target.textContent = "";
    var intro = document.createElement("p");
    intro.textContent = downloadStatus.dataset.saved.replace("{file}", file);
    var list = document.createElement("ul");
    contents.split(";").forEach(function (entry) {
      var kind = entry.split(":")[0];
      var files = entry.slice(kind.length + 1);
      var source = kind === "packet" ? packetButton
        : form.querySelector("input[name='documents'][value='" + kind + "']");
      if (!kind || !source) { return; }
      var item = document.createElement("li");
      var name = document.createElement("strong");
      name.textContent = source.dataset.name;
      var names = document.createElement("span");
      names.className = "hint";
      names.textContent = " (" + files.split(" ").join(", ") + ")";
      item.appendChild(name);
      item.appendChild(names);
      if (source.dataset.next) {
        item.appendChild(document.createElement("br"));
        item.appendChild(document.createTextNode(source.dataset.next));
      }
      list.appendChild(item);
    });
    var advice = document.createElement("p");
    advice.className = "note";
    advice.textContent = downloadStatus.dataset.advice;
    target.appendChild(intro);
    target.appendChild(list);
    target.appendChild(advice);
  }

  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;       // a button, or Enter's default: "draft"
    if (plainSubmit || !submitter || submitter.name !== "action" ||
        ["draft", "packet", "profile"].indexOf(submitter.value) < 0) { return; }
    event.preventDefault();
    // Busy where it was pressed (a button of Check your answers says so itself), and the
    // outcome said there too.
    var button = submitter.dataset.busy ? submitter
      : (submitter.value === "packet" && packetButton) || draftButton;
    var target = submitter.closest(".check-answers")
      ? document.getElementById("check-download-status") : downloadStatus;
    var data = new FormData(form);
    data.set("action", submitter.value);
    if (submitter.value !== "profile") { setBusy(button, true); }
    target.textContent = "";
    fetch("/", { method: "POST", body: data, headers: { "X-Requested-With": "fetch" },
                 credentials: "same-origin" })
      .then(function (response) {
        var disposition = response.headers.get("Content-Disposition") || "";
        var named = /filename="([^"]+)"/.exec(disposition);
        if (!response.ok || !named) { throw new Error("not a download"); }
        return response.blob().then(function (blob) {
          var link = document.createElement("a");
          link.href = URL.createObjectURL(blob);
          link.download = named[1];
          document.body.appendChild(link);
          link.click();
          link.remove();
          setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
          setBusy(button, false);
          if (submitter.value === "profile") {
            var saved = document.createElement("p");
            saved.textContent = downloadStatus.dataset.answers.replace("{file}", named[1]);
            target.appendChild(saved);
          } else {
            describe(target, named[1], response.headers.get("X-Drafter-Documents") || "");
          }
          target.setAttribute("tabindex", "-1");
          target.focus();
        });
      })
      .catch(function () {
        // The form's own submit shows the problems beside their fields.
        setBusy(button, false);
        plainSubmit = true;
        form.requestSubmit(submitter);
      });
  });

  form.addEventListener("input", function () {
    // "Check your answers" shows the answers as they were: once one changes, it is gone
    // until it is asked for again.
    var check = document.querySelector(".check-answers");
    if (check) { check.remove(); }
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
  document.getElementById("preview-button").addEventListener("click", function (event) {
    event.preventDefault();
    refresh().then(function () {
      // On a phone the preview is below the form: bring it, or its problems, into view.
      if (window.matchMedia("(max-width: 60rem)").matches) {
        document.getElementById("preview-heading").scrollIntoView();
      }
    });
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

  // "Add another official" posts back without JavaScript; with it, a row is added here.
  var officials = document.getElementById("officials");
  var add = document.getElementById("add-official");
  if (add) add.addEventListener("click", function (event) {
    event.preventDefault();
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
      if (el.tagName === "INPUT") {
        el.value = "";
        el.removeAttribute("aria-invalid");
        el.removeAttribute("aria-describedby");
      }
    });
    officials.insertBefore(copy, add);
    copy.querySelector("input").focus();
  });
  if (form.name.value) { refresh(); }
})();
