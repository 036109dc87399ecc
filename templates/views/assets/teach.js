// The teach page: each change sends the file and the person's edits to /instrument-templates/proposals and shows
// the proposal the service answers with (roles per column, what it is unsure of, the preview from the import engine).
(function () {
  'use strict';
  var form = document.getElementById('teach-form');
  if (!form || !window.FormData || !window.fetch) return;
  var csrf = form.querySelector('input[name="_csrf"]').value;
  var endpoint = form.getAttribute('data-endpoint');
  var fileInput = document.getElementById('teach-file');
  var status = document.getElementById('teach-status');
  var result = document.getElementById('teach-result');
  var templateField = document.getElementById('teach-template');
  var saveButton = document.getElementById('teach-save');
  var ROLES = [
    ['ignore', 'not read'],
    ['sample_id', 'sample ID'],
    ['sample_name', 'sample name'],
    ['sample_type', 'sample type (QC or sample)'],
    ['injection', 'injection / data file'],
    ['analyte', 'analyte'],
    ['value', 'result value'],
    ['unit', 'unit'],
    ['loq', 'LOQ'],
    ['lod', 'LOD'],
    ['flag', 'flag'],
    ['extra', 'kept for the reviewer'],
  ];
  var roles = {};
  var pending = 0;

  function text(el, value) {
    el.textContent = value;
    return el;
  }
  function make(tag, value) {
    var el = document.createElement(tag);
    if (value !== undefined) el.textContent = value;
    return el;
  }
  function fill(listEl, items) {
    listEl.innerHTML = '';
    items.forEach(function (item) {
      listEl.appendChild(make('li', item));
    });
  }

  function choices() {
    var c = { roles: roles };
    ['id', 'title', 'instrument', 'unit', 'calculation'].forEach(function (name) {
      var v = form.elements[name].value.trim();
      if (v) c[name] = v;
    });
    return c;
  }

  function propose() {
    var file = fileInput.files[0];
    if (!file) return;
    var mine = ++pending;
    var data = new FormData();
    data.append('choices', JSON.stringify(choices()));
    var unit = form.elements.unit.value.trim();
    if (unit) data.append('unit', unit);
    data.append('file', file, file.name);
    text(status, 'Reading ' + file.name + '…');
    fetch(endpoint, {
      method: 'POST',
      body: data,
      credentials: 'same-origin',
      headers: { 'X-CSRF-Token': csrf, Accept: 'application/json' },
    })
      .then(function (res) {
        return res.json().then(function (body) {
          return { ok: res.ok, body: body };
        });
      })
      .then(function (answer) {
        if (mine !== pending) return;
        if (!answer.ok) {
          text(status, 'The service cannot read this file: ' + (answer.body.message || 'error'));
          result.hidden = true;
          return;
        }
        show(answer.body);
        text(status, 'Proposal ready.');
      })
      .catch(function () {
        text(status, 'The request failed (network error).');
      });
  }

  function show(body) {
    var p = body.proposal;
    result.hidden = false;
    var fits = body.fits.length
      ? ' Templates in use that already read this file: ' +
        body.fits
          .map(function (f) {
            return f.title;
          })
          .join(', ') +
        '.'
      : '';
    text(
      document.getElementById('teach-summary'),
      'Layout: ' +
        p.layout.type +
        (p.layout.sheet ? ', sheet "' + p.layout.sheet + '"' : '') +
        ', header on row ' +
        p.layout.headerRow +
        '. Confidence ' +
        Math.round(p.confidence * 100) +
        '%.' +
        fits,
    );
    var unsure = document.getElementById('teach-unsure');
    unsure.hidden = p.unsure.length === 0;
    fill(unsure.querySelector('ul'), p.unsure);
    var missing = document.getElementById('teach-missing');
    missing.hidden = p.missing.length === 0;
    fill(missing.querySelector('ul'), p.missing);
    fill(document.querySelector('#teach-notes ul'), p.notes);
    grid(body.grid, p.columns, p.layout.headerRow);
    preview(body.preview);
    if (templateField) templateField.value = body.template ? JSON.stringify(body.template, null, 2) : '';
    if (saveButton) saveButton.disabled = !body.template;
  }

  function grid(g, columns, headerRow) {
    var table = document.getElementById('teach-grid');
    var head = table.querySelector('thead');
    var tbody = table.querySelector('tbody');
    head.innerHTML = '';
    tbody.innerHTML = '';
    var byColumn = {};
    columns.forEach(function (c) {
      byColumn[c.column] = c;
    });
    var tr = make('tr');
    tr.appendChild(make('th', 'Row'));
    g.columns.forEach(function (letter) {
      var th = make('th');
      th.scope = 'col';
      var c = byColumn[letter];
      th.appendChild(make('div', letter));
      if (c) {
        var select = document.createElement('select');
        select.setAttribute('aria-label', 'Role of column ' + letter + (c.header ? ' "' + c.header + '"' : ''));
        select.setAttribute('data-column', letter);
        ROLES.forEach(function (r) {
          var o = make('option', r[1]);
          o.value = r[0];
          if (r[0] === c.role) o.selected = true;
          select.appendChild(o);
        });
        if (!c.sure) {
          select.classList.add('unsure');
          select.title = c.why;
        }
        select.addEventListener('change', function () {
          roles[letter] = select.value;
          propose();
        });
        th.appendChild(select);
      }
      tr.appendChild(th);
    });
    head.appendChild(tr);
    g.rows.forEach(function (row) {
      var r = make('tr');
      if (row.number === headerRow) r.className = 'header-row';
      r.appendChild(make('th', String(row.number)));
      row.cells.forEach(function (cell) {
        r.appendChild(make('td', cell));
      });
      tbody.appendChild(r);
    });
  }

  function preview(pv) {
    var summary = document.getElementById('teach-preview-summary');
    var tbody = document.querySelector('#teach-preview tbody');
    tbody.innerHTML = '';
    if (!pv) {
      text(summary, 'No preview until every required role is chosen.');
      return;
    }
    if (pv.refused) {
      text(summary, 'An import with this template would be refused: ' + pv.refused.message);
      return;
    }
    var qc = Object.keys(pv.qcByKind)
      .map(function (k) {
        return pv.qcByKind[k] + ' ' + k;
      })
      .join(', ');
    text(
      summary,
      pv.results +
        ' result(s) of ' +
        pv.samples +
        ' sample(s); ' +
        pv.qcRows +
        ' QC row(s) skipped' +
        (qc ? ' (' + qc + ')' : '') +
        '.' +
        (pv.warnings.length ? ' ' + pv.warnings.join(' ') : ''),
    );
    pv.rows.forEach(function (row) {
      var tr = make('tr');
      [
        row.sample,
        row.analyte,
        row.value + (row.waitsFor ? ' (waits for ' + row.waitsFor + ')' : ''),
        row.unit,
        row.cell,
      ].forEach(function (v) {
        tr.appendChild(make('td', v));
      });
      tbody.appendChild(tr);
    });
  }

  fileInput.addEventListener('change', function () {
    roles = {};
    propose();
  });
  ['teach-id', 'teach-title', 'teach-instrument', 'teach-unit', 'teach-calculation'].forEach(function (id) {
    document.getElementById(id).addEventListener('change', propose);
  });
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    propose();
  });
})();
