// "Copy" beside a value shown once (a set-password link, an API token): copies the field's text, or selects it
// for the person to copy when the browser does not allow the clipboard here.
(function () {
  'use strict';
  document.addEventListener('click', function (e) {
    var button = e.target instanceof Element ? e.target.closest('button[data-copy]') : null;
    if (!button) return;
    var field = document.getElementById(button.getAttribute('data-copy'));
    if (!field) return;
    field.focus();
    field.select();
    var done = function () {
      button.textContent = 'Copied';
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () {
        /* refused: the text stays selected for copying by hand */
      });
    } else if (document.execCommand && document.execCommand('copy')) {
      done();
    }
  });
})();
