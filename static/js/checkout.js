/* Checkout, progressively enhanced (the form works without this script):
   - only the fields of the chosen mode (pickup or delivery) are shown; the other fieldset is
     hidden and disabled, so its fields are neither seen nor sent;
   - the shift windows not open on the chosen date are disabled, the others show what is left. */
(function () {
  "use strict";

  function showMode(group) {
    var checked = group.querySelector("input[data-mode-choice]:checked");
    if (!checked) { return; }
    group.querySelectorAll("[data-mode-panel]").forEach(function (panel) {
      var off = panel.getAttribute("data-mode-panel") !== checked.value;
      panel.hidden = off;
      panel.disabled = off;
    });
  }

  function openDays(radio) {
    var days = {};
    (radio.getAttribute("data-open") || "").split(" ").forEach(function (pair) {
      if (!pair) { return; }
      var parts = pair.split(":");
      days[parts[0]] = parts[1];
    });
    return days;
  }

  function showWindows(picker) {
    var day = picker.querySelector("[data-slot-day]").value;
    var left = picker.getAttribute("data-left");
    var closed = picker.getAttribute("data-closed");
    var radios = picker.querySelectorAll("input[type=radio]");
    var firstOpen = null;
    radios.forEach(function (radio) {
      var days = openDays(radio);
      var open = Object.prototype.hasOwnProperty.call(days, day);
      var note = radio.parentNode.querySelector("[data-slot-note]");
      radio.disabled = !open;
      if (open && firstOpen === null) { firstOpen = radio; }
      if (note) {
        note.textContent = !open ? "(" + closed + ")" : (days[day] ? "(" + left.replace("{n}", days[day]) + ")" : "");
      }
    });
    var chosen = picker.querySelector("input[type=radio]:checked");
    if ((!chosen || chosen.disabled) && firstOpen) { firstOpen.checked = true; }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-checkout-group]").forEach(function (group) {
      group.querySelectorAll("input[data-mode-choice]").forEach(function (radio) {
        radio.addEventListener("change", function () { showMode(group); });
      });
      showMode(group);
    });
    document.querySelectorAll("[data-slot-picker]").forEach(function (picker) {
      picker.querySelector("[data-slot-day]").addEventListener("change", function () { showWindows(picker); });
      showWindows(picker);
    });
  });
})();
