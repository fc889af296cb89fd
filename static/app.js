// Kluis: small progressive enhancements. Every page works without this file.
(function () {
  'use strict';
  // "/" focuses the first search field on the page (keyboard-friendly).
  document.addEventListener('keydown', function (e) {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
    var s = document.querySelector('input[type="search"]');
    if (s) { e.preventDefault(); s.focus(); }
  });
  // htmx requests carry the CSRF token of the page.
  document.addEventListener('htmx:configRequest', function (e) {
    var m = document.querySelector('input[name="csrf_token"]');
    if (m) e.detail.headers['X-CSRF-Token'] = m.value;
  });
})();
// Upload forms (data-upload): send with XMLHttpRequest to show a progress
// bar; without JavaScript the form posts normally.
(function () {
  'use strict';
  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (!form.hasAttribute || !form.hasAttribute('data-upload') || !window.FormData) return;
    e.preventDefault();
    var bar = form.querySelector('.p-upload-progress');
    var button = form.querySelector('button[type="submit"]');
    if (bar) { bar.hidden = false; bar.value = 0; }
    if (button) button.disabled = true;
    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.upload.addEventListener('progress', function (ev) {
      if (bar && ev.lengthComputable) bar.value = Math.round(ev.loaded * 100 / ev.total);
    });
    xhr.addEventListener('load', function () {
      // success: the server redirected to the overview (followed by XHR)
      if (xhr.status < 400) {
        var u = xhr.responseURL || '/portaal/';
        // same address again (a second upload): reload, keeping #requests
        if (u === window.location.href.split('#')[0]) { window.location.hash = 'requests'; window.location.reload(); }
        else window.location.assign(u + '#requests');
        return;
      }
      // refused: show the server's message page
      document.open(); document.write(xhr.responseText); document.close();
    });
    xhr.addEventListener('error', function () {
      if (button) button.disabled = false;
      if (bar) bar.hidden = true;
      alert('Versturen is niet gelukt. Controleer uw verbinding en probeer het opnieuw.');
    });
    xhr.send(new FormData(form));
  });
})();
