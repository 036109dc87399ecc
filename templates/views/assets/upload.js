// Upload with a progress bar per file: each file goes in its own request to /upload/file (multipart, with the
// session cookie and the page's CSRF token in a header). Without this script the form posts all files at once.
(function () {
  'use strict';
  var form = document.getElementById('upload-form');
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  var input = document.getElementById('files');
  var zone = document.getElementById('drop-zone');
  var label = zone.querySelector('.drop-label strong');
  var list = document.getElementById('upload-list');
  var section = document.getElementById('progress-section');
  var csrf = form.querySelector('input[name="_csrf"]').value;
  var endpoint = form.getAttribute('data-endpoint');

  function stop(ev) {
    ev.preventDefault();
    ev.stopPropagation();
  }
  ['dragenter', 'dragover'].forEach(function (type) {
    zone.addEventListener(type, function (ev) {
      stop(ev);
      zone.classList.add('drag-over');
    });
  });
  ['dragleave', 'drop'].forEach(function (type) {
    zone.addEventListener(type, function (ev) {
      stop(ev);
      zone.classList.remove('drag-over');
    });
  });
  zone.addEventListener('drop', function (ev) {
    if (ev.dataTransfer && ev.dataTransfer.files.length) {
      input.files = ev.dataTransfer.files;
      showChosen();
    }
  });
  input.addEventListener('change', showChosen);

  function showChosen() {
    var names = Array.prototype.map.call(input.files, function (f) {
      return f.name;
    });
    label.textContent = names.length ? names.length + ' file(s) chosen: ' + names.join(', ') : 'Drop files here';
  }

  function addRow(file) {
    var li = document.createElement('li');
    li.setAttribute('data-state', 'waiting');
    var name = document.createElement('span');
    name.className = 'file-name';
    name.textContent = file.name;
    var progress = document.createElement('progress');
    progress.max = 100;
    progress.value = 0;
    progress.setAttribute('aria-label', 'Upload of ' + file.name);
    var status = document.createElement('span');
    status.className = 'file-status';
    status.textContent = 'Waiting';
    li.appendChild(name);
    li.appendChild(progress);
    li.appendChild(status);
    list.appendChild(li);
    return { li: li, progress: progress, status: status };
  }

  function finish(row, state, text, href) {
    row.li.setAttribute('data-state', state);
    row.progress.value = 100;
    row.status.textContent = text;
    if (href) {
      var a = document.createElement('a');
      a.href = href;
      a.textContent = 'Open the import summary';
      row.status.appendChild(document.createTextNode(' '));
      row.status.appendChild(a);
    }
  }

  function send(file, fields, row) {
    return new Promise(function (resolve) {
      var data = new FormData();
      fields.forEach(function (pair) {
        data.append(pair[0], pair[1]);
      });
      data.append('file', file, file.name);
      var xhr = new XMLHttpRequest();
      xhr.open('POST', endpoint);
      xhr.setRequestHeader('X-CSRF-Token', csrf);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.responseType = 'json';
      row.li.setAttribute('data-state', 'uploading');
      xhr.upload.onprogress = function (e) {
        if (!e.lengthComputable) return;
        var pct = Math.round((e.loaded / e.total) * 100);
        row.progress.value = Math.min(pct, 99);
        row.status.textContent = 'Uploading ' + pct + '%';
      };
      xhr.upload.onload = function () {
        row.status.textContent = 'Reading the file…';
      };
      xhr.onload = function () {
        var body = xhr.response || {};
        if (xhr.status === 200 && body.ok) {
          var what =
            (body.created ? 'Imported' : 'Imported before') +
            ': ' +
            body.resultSets +
            ' result set(s), ' +
            body.unmatched +
            ' unmatched.';
          finish(row, 'done', what, body.href);
        } else if (xhr.status === 401) {
          finish(row, 'error', 'You were signed out: reload the page and sign in again.');
        } else {
          finish(row, 'error', 'Refused: ' + (body.error || body.message || 'HTTP ' + xhr.status));
          if (body.teachHref) {
            var teach = document.createElement('a');
            teach.href = body.teachHref;
            teach.textContent = 'Teach the service this format';
            row.status.appendChild(document.createTextNode(' '));
            row.status.appendChild(teach);
          }
        }
        resolve();
      };
      xhr.onerror = function () {
        finish(row, 'error', 'The upload failed (network error).');
        resolve();
      };
      xhr.send(data);
    });
  }

  // The "Recent imports" table as the server now has it.
  function refreshRecent() {
    fetch(window.location.pathname, { credentials: 'same-origin' })
      .then(function (res) {
        return res.ok ? res.text() : null;
      })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('recent-imports');
        var current = document.getElementById('recent-imports');
        if (fresh && current) current.replaceWith(fresh);
      })
      .catch(function () {
        /* the list stays as it was */
      });
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var files = Array.prototype.slice.call(input.files);
    if (!files.length) return;
    section.hidden = false;
    var fields = [];
    new FormData(form).forEach(function (value, key) {
      if (key !== 'file' && key !== '_csrf' && value !== '') fields.push([key, value]);
    });
    var rows = files.map(addRow);
    var chain = Promise.resolve();
    files.forEach(function (file, i) {
      chain = chain.then(function () {
        return send(file, fields, rows[i]);
      });
    });
    chain.then(function () {
      input.value = '';
      showChosen();
      refreshRecent();
    });
  });
})();
