// Sign-up: fill the form's hidden time zone field with the browser's own zone (an IANA
// name such as "Europe/Paris"), so the new account shows dates in it. Without JavaScript
// the field stays empty and the account reads dates in UTC until its owner changes it.
(function () {
  "use strict";
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  document.querySelectorAll("input[data-browser-time-zone]").forEach(function (input) {
    if (!input.value) {
      input.value = zone;
    }
  });
})();
