// The console's only script: the copy buttons next to a new token and its client settings.
// Loaded from the console's own origin (the CSP allows no inline script).
document.addEventListener('click', function (event) {
  var button = event.target.closest('button.copy');
  if (!button) {
    return;
  }
  var source = document.getElementById(button.getAttribute('data-copy'));
  if (!source || !navigator.clipboard) {
    button.textContent = 'Select and copy';
    return;
  }
  navigator.clipboard.writeText(source.textContent).then(function () {
    button.textContent = 'Copied';
    setTimeout(function () { button.textContent = 'Copy'; }, 2000);
  }, function () {
    button.textContent = 'Select and copy';
  });
});
