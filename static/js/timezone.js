// Time-zone picker: preselect the browser's own zone (first visit only) and keep the words
// beside the list ("Berlin — 19:00 now") and the first class's local time in step with it.
// Without JavaScript the list still works: the server filled it in and "Find" narrows it.
(function () {
  "use strict";
  var select = document.querySelector("select[data-zone-picker]");
  if (!select) { return; }
  var words = document.getElementById("zone-words");
  var firstClass = document.getElementById("first-class-local");

  function hasOption(zone) {
    for (var i = 0; i < select.options.length; i += 1) {
      if (select.options[i].value === zone) { return true; }
    }
    return false;
  }

  function update() {
    var option = select.options[select.selectedIndex];
    if (words && option) { words.textContent = option.textContent; }
    if (firstClass && firstClass.dateTime) {
      try {
        firstClass.textContent = new Date(firstClass.dateTime).toLocaleString("en-GB", {
          timeZone: select.value, weekday: "long", day: "numeric", month: "long",
          year: "numeric", hour: "2-digit", minute: "2-digit"
        });
      } catch (error) { /* an unknown zone: leave the server's text */ }
    }
  }

  if (select.getAttribute("data-detect") === "1" && window.Intl && Intl.DateTimeFormat) {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) {
      if (!hasOption(zone)) {
        // An older name the list does not show (e.g. Asia/Calcutta): the server accepts it.
        var extra = document.createElement("option");
        extra.value = zone;
        extra.textContent = zone.replace(/_/g, " ");
        select.appendChild(extra);
      }
      select.value = zone;
    }
  }
  select.addEventListener("change", update);
  update();
}());
