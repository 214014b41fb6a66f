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

// Reports: drafts save themselves (htmx posts each entry form after typing stops, and app.js asks
// for a save when a choice changes). Here: say "saving…", remember what each form last had saved,
// save what is not saved yet before the report is submitted, and send it as the page goes — once,
// and only what really differs from what the server has. Files upload as soon as they are chosen.
(function () {
  'use strict';
  document.documentElement.classList.add('js');
  /** The report is being submitted: leaving is expected, and what was pending has been saved. */
  var submitting = false;
  function forms() {
    return Array.prototype.slice.call(document.querySelectorAll('form[data-autosave]'));
  }
  function isAutosave(form) {
    return form && form.matches && form.matches('form[data-autosave]');
  }
  function statusOf(form) {
    return form.querySelector('.entry__status');
  }
  /** A form's fields as the server would get them, without the version and the CSRF token. */
  function contentOf(form) {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== 'version' && name !== '_csrf' && typeof value === 'string') pairs.push(name + '=' + value);
    });
    return pairs.sort().join('\u0000');
  }
  function track(form) {
    if (form.zvitSaved === undefined) {
      form.zvitSaved = contentOf(form);
      form.zvitSent = form.zvitSaved;
      form.zvitInFlight = 0;
    }
    return form;
  }
  /** Not yet on the server: typed since the last acknowledged save, or on its way there. */
  function unsaved(form) {
    track(form);
    if (form.zvitDiscarded) return false;
    return form.zvitInFlight > 0 || contentOf(form) !== form.zvitSaved;
  }
  /** Sent and answered (saved, or answered with a colleague's version): nothing more to wait for. */
  function settled(form) {
    track(form);
    return form.zvitInFlight === 0 && contentOf(form) === form.zvitSent;
  }
  document.addEventListener('DOMContentLoaded', function () {
    forms().forEach(track);
  });
  // A choice (a state, a flag) saves at once; typed text saves when typing stops (hx-trigger).
  document.addEventListener('change', function (event) {
    var field = event.target;
    var form = field && field.closest && field.closest('form[data-autosave]');
    if (!form || !window.htmx) return;
    if (field.type === 'radio' || field.type === 'checkbox' || field.tagName === 'SELECT') window.htmx.trigger(form, 'zvit:save');
  });
  document.addEventListener('htmx:beforeRequest', function (event) {
    var form = event.detail.elt;
    if (!isAutosave(form)) return;
    track(form);
    var content = contentOf(form);
    // Nothing new since the last save sent (a delayed trigger after an immediate one): no request.
    if (content === form.zvitSent) {
      event.preventDefault();
      return;
    }
    form.zvitSent = content;
    form.zvitInFlight++;
    if (event.detail.xhr) event.detail.xhr.zvitContent = content;
    form.dataset.saving = '1';
    var status = statusOf(form);
    if (status && form.dataset.savingText && !status.querySelector('.conflict')) status.textContent = form.dataset.savingText;
  });
  document.addEventListener('htmx:afterRequest', function (event) {
    var form = event.detail.elt;
    var xhr = event.detail.xhr;
    var ok = xhr && xhr.status !== 0 && xhr.status < 500;
    // "Keep my version" saved what the entry form holds: that form is saved too.
    if (form && form.id && /-keep-mine$/.test(form.id) && ok && xhr.status !== 409) {
      var entry = document.querySelector('#m' + form.id.replace(/^e(\d+)-keep-mine$/, '$1') + ' form[data-autosave]');
      if (entry && contentOf(entry) === contentOf(form)) {
        entry.zvitSaved = entry.zvitSent = contentOf(entry);
      }
      document.dispatchEvent(new CustomEvent('zvit:saved'));
      return;
    }
    if (!isAutosave(form)) return;
    track(form);
    form.zvitInFlight = Math.max(0, form.zvitInFlight - 1);
    if (form.zvitInFlight === 0) form.dataset.saving = '0';
    if (ok && xhr.status === 400) {
      // Saved except the fields with errors (a bad link, a number that is not one): what is in
      // those fields is not on the server, so leaving still asks until they are corrected.
      form.zvitSaved = '\u0001not saved: fields with errors';
    } else if (ok && xhr.status !== 409) {
      if (xhr.zvitContent !== undefined) form.zvitSaved = xhr.zvitContent;
    } else if (!ok) {
      // Not saved: it stays on the page and is sent again with the next change (or on leaving).
      form.zvitSent = form.zvitSaved;
      var status = statusOf(form);
      if (status && form.dataset.offlineText) status.textContent = form.dataset.offlineText;
    }
    document.dispatchEvent(new CustomEvent('zvit:saved'));
  });
  // "Take theirs" reloads the page on purpose: what was typed is let go without asking.
  document.addEventListener('click', function (event) {
    var link = event.target && event.target.closest && event.target.closest('.conflict a');
    var form = link && link.closest('.entry') && link.closest('.entry').querySelector('form[data-autosave]');
    if (form) form.zvitDiscarded = true;
  });

  // Files: uploaded as soon as they are chosen (the button comes back for a retry when that failed).
  document.addEventListener('change', function (event) {
    var input = event.target;
    if (!input || input.type !== 'file' || !input.files || input.files.length === 0) return;
    var form = input.closest('form.attachments__form');
    if (form && form.requestSubmit && window.htmx) form.requestSubmit();
  });
  document.addEventListener('htmx:sendError', function (event) {
    var form = event.detail.elt;
    if (!form || !form.matches || !form.matches('form.attachments__form')) return;
    var message = form.querySelector('.attachments__failed');
    if (!message) {
      message = document.createElement('p');
      message.className = 'field__error attachments__failed';
      message.setAttribute('role', 'alert');
      form.insertBefore(message, form.querySelector('input[type="file"]'));
    }
    message.textContent = form.dataset.failedText || '';
    form.classList.add('attachments__form--failed');
  });
  function chosenNotUploaded() {
    return Array.prototype.slice.call(document.querySelectorAll('input[type="file"]')).filter(function (input) {
      return input.files && input.files.length > 0;
    });
  }

  // Submitting: a file chosen but not uploaded is asked about; what is still being typed is saved first.
  document.addEventListener('submit', function (event) {
    var submit = event.target;
    if (!submit.matches || !submit.matches('form[data-submit-report]')) return;
    var files = chosenNotUploaded();
    if (files.length > 0 && !window.confirm(submit.dataset.filesNotUploaded || '')) {
      event.preventDefault();
      files[0].focus();
      return;
    }
    var pending = forms().filter(function (form) { return !settled(form); });
    if (pending.length === 0) return;
    event.preventDefault();
    var button = submit.querySelector('button');
    if (button) button.disabled = true;
    pending.forEach(function (form) {
      if (form.zvitInFlight === 0) window.htmx.trigger(form, 'zvit:save');
    });
    var done = false;
    function finish() {
      if (done) return;
      if (!forms().every(settled)) return;
      done = true;
      submitting = true;
      submit.submit();
    }
    document.addEventListener('zvit:saved', finish);
    setTimeout(function () {
      if (!done) {
        done = true;
        submitting = true;
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
  // Leaving the page with something not saved: ask first, and send it (once) as the page goes.
  document.addEventListener('submit', function (event) {
    if (!event.defaultPrevented && event.target.matches && event.target.matches('form[data-submit-report]')) submitting = true;
  });
  window.addEventListener('beforeunload', function (event) {
    if (submitting) return;
    if (forms().some(unsaved)) {
      event.preventDefault();
      event.returnValue = '';
    }
  });
  window.addEventListener('pagehide', function () {
    if (!navigator.sendBeacon || submitting) return;
    forms()
      .filter(function (form) { return !form.zvitDiscarded && contentOf(track(form)) !== form.zvitSaved; })
      .forEach(function (form) {
        navigator.sendBeacon(form.action, new URLSearchParams(new FormData(form)));
        form.zvitSaved = form.zvitSent = contentOf(form);
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

// A one-time link with a "Copy" button (hidden without JavaScript: the field can be selected by hand).
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    Array.prototype.forEach.call(document.querySelectorAll('button[data-copy]'), function (button) {
      button.hidden = false;
    });
  });
  document.addEventListener('click', function (event) {
    var button = event.target && event.target.closest && event.target.closest('button[data-copy]');
    if (!button) return;
    var field = document.getElementById(button.getAttribute('data-copy'));
    if (!field) return;
    field.focus();
    field.select();
    var done = function () {
      button.textContent = button.getAttribute('data-copied-text') || button.textContent;
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(field.value).then(done, function () {});
    else if (document.execCommand && document.execCommand('copy')) done();
  });
})();
