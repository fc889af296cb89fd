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
