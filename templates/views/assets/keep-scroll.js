// A form marked data-keep-scroll brings the person back where they were after its post and redirect, instead of
// to the top of a long page. The position is kept per address for this tab only, and used once.
(function () {
  'use strict';
  var key = 'keep-scroll:' + location.pathname;
  document.addEventListener('submit', function (e) {
    if (e.target instanceof HTMLFormElement && e.target.hasAttribute('data-keep-scroll')) {
      try {
        sessionStorage.setItem(key, String(window.scrollY));
      } catch (_) {
        /* storage refused: the page opens at the top, as without this script */
      }
    }
  });
  var saved = null;
  try {
    saved = sessionStorage.getItem(key);
    sessionStorage.removeItem(key);
  } catch (_) {
    saved = null;
  }
  if (saved !== null && !location.hash) window.scrollTo(0, Number(saved) || 0);
})();
