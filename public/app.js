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
