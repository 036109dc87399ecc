// "Add a row" for the manual entry form: copies the last results row with the next index. The form works
// without it (eight rows are always there).
(function () {
  'use strict';
  var button = document.getElementById('add-row');
  var body = document.getElementById('result-rows');
  if (!button || !body) return;
  button.hidden = false;
  button.addEventListener('click', function () {
    var rows = body.querySelectorAll('tr');
    var next = rows.length;
    var copy = rows[rows.length - 1].cloneNode(true);
    copy.querySelectorAll('input, select, label').forEach(function (el) {
      ['id', 'for', 'name'].forEach(function (attr) {
        var v = el.getAttribute(attr);
        if (v) el.setAttribute(attr, v.replace(/\d+/, String(next)));
      });
      if (el.tagName === 'LABEL') el.textContent = el.textContent.replace(/\d+$/, String(next + 1));
      if (el.tagName === 'INPUT') el.value = '';
      if (el.tagName === 'SELECT') el.selectedIndex = 0;
    });
    body.appendChild(copy);
    copy.querySelector('input').focus();
  });
})();

// Picking a permitted testing lab by name fills its permit number (the registry in templates/labs).
(function () {
  'use strict';
  var name = document.getElementById('labName');
  var license = document.getElementById('labLicense');
  if (!name || !license) return;
  var permits = JSON.parse(name.getAttribute('data-lab-permits') || '{}');
  name.addEventListener('change', function () {
    var permit = permits[name.value];
    if (permit && !license.value) license.value = permit;
  });
})();
