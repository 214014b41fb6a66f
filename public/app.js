// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';
  function focusErrors(root) {
    var summary = (root || document).querySelector('.error-summary');
    if (summary) summary.focus();
  }
  document.addEventListener('DOMContentLoaded', function () {
    focusErrors(document);
  });
  // After htmx swaps in the filtered measures, keep the address and the page title honest.
  document.addEventListener('htmx:afterSwap', function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.querySelector && target.querySelector('.error-summary')) focusErrors(target);
  });
})();

// Reports: drafts save themselves (htmx posts each entry form after typing stops and on every
// change). Here: say "saving…", keep track of what is not saved yet, save it before the report
// is submitted, and before the page goes away.
(function () {
  'use strict';
  function forms() {
    return Array.prototype.slice.call(document.querySelectorAll('form[data-autosave]'));
  }
  function statusOf(form) {
    return form.querySelector('.entry__status');
  }
  function unsaved(form) {
    return form.dataset.dirty === '1' || form.dataset.saving === '1';
  }
  document.addEventListener('input', function (event) {
    var form = event.target && event.target.closest && event.target.closest('form[data-autosave]');
    if (form) form.dataset.dirty = '1';
  });
  document.addEventListener('change', function (event) {
    var form = event.target && event.target.closest && event.target.closest('form[data-autosave]');
    if (form) form.dataset.dirty = '1';
  });
  document.addEventListener('htmx:beforeRequest', function (event) {
    var form = event.detail.elt;
    if (!form || !form.matches || !form.matches('form[data-autosave]')) return;
    form.dataset.saving = '1';
    form.dataset.dirty = '0';
    var status = statusOf(form);
    if (status && form.dataset.savingText && !status.querySelector('.conflict')) status.textContent = form.dataset.savingText;
  });
  document.addEventListener('htmx:afterRequest', function (event) {
    var form = event.detail.elt;
    if (!form || !form.matches || !form.matches('form[data-autosave]')) return;
    form.dataset.saving = '0';
    var xhr = event.detail.xhr;
    if (!xhr || xhr.status === 0 || xhr.status >= 500) {
      // Not saved: it stays on the page and is sent again with the next change.
      form.dataset.dirty = '1';
      var status = statusOf(form);
      if (status && form.dataset.offlineText) status.textContent = form.dataset.offlineText;
    }
    document.dispatchEvent(new CustomEvent('zvit:saved'));
  });
  // Submitting: first save what is still being typed, then submit.
  document.addEventListener('submit', function (event) {
    var submit = event.target;
    if (!submit.matches || !submit.matches('form[data-submit-report]')) return;
    var pending = forms().filter(unsaved);
    if (pending.length === 0) return;
    event.preventDefault();
    var button = submit.querySelector('button');
    if (button) button.disabled = true;
    pending.forEach(function (form) {
      if (form.dataset.dirty === '1') window.htmx.trigger(form, 'zvit:save');
    });
    var done = false;
    function finish() {
      if (done) return;
      if (forms().some(unsaved)) return;
      done = true;
      submit.submit();
    }
    document.addEventListener('zvit:saved', finish);
    setTimeout(function () {
      if (!done) {
        done = true;
        submit.submit();
      }
    }, 10000);
  });
  // A double click submits once: the button is disabled after the first.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.matches || !form.matches('form[data-submit-report]') || event.defaultPrevented) return;
    var button = form.querySelector('button');
    if (button) setTimeout(function () { button.disabled = true; }, 0);
  });
  // Leaving the page with something unsaved: send it as the page goes, and ask first.
  window.addEventListener('beforeunload', function (event) {
    if (forms().some(unsaved)) {
      event.preventDefault();
      event.returnValue = '';
    }
  });
  window.addEventListener('pagehide', function () {
    if (!navigator.sendBeacon) return;
    forms()
      .filter(function (form) { return form.dataset.dirty === '1'; })
      .forEach(function (form) {
        navigator.sendBeacon(form.action, new URLSearchParams(new FormData(form)));
        form.dataset.dirty = '0';
      });
  });
})();

// Forms that are saved one at a time (the consolidation's measures): leaving with another one
// changed and unsaved asks first.
(function () {
  var changed = new Set();
  document.addEventListener('input', function (event) {
    var form = event.target && event.target.closest && event.target.closest('form[data-warn-unsaved]');
    if (form) changed.add(form);
  });
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form || !form.matches || !form.matches('form[data-warn-unsaved]')) return;
    changed.delete(form);
    if (changed.size > 0 && !window.confirm(form.dataset.warnUnsaved || '')) {
      event.preventDefault();
      changed.add(form);
    }
  });
  window.addEventListener('beforeunload', function (event) {
    if (changed.size === 0) return;
    event.preventDefault();
    event.returnValue = '';
  });
})();
