/* global Parley, history */
// The Parley pre-load snippet: queues every call until widget.js has loaded (then they run in order).
window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };

// What the site knows of its visitor (shown to agents as unverified).
Parley('setAttributes', { plan: 'monthly beans', cups: 2 });

// The widget's events: the page hears of replies and of the unread count.
var log = function (text) {
  var status = document.getElementById('events');
  if (status) status.textContent = text;
};
Parley('on', 'ready', function () { log('Chat ready'); });
Parley('on', 'message', function (message) { log('New reply: ' + message.text); });
Parley('on', 'unread', function (count) { log(count ? count + ' unread' : ''); });

document.addEventListener('DOMContentLoaded', function () {
  // Client-side routes: pushState is enough, the widget tracks the page by itself.
  document.querySelectorAll('a[data-route]').forEach(function (link) {
    link.addEventListener('click', function (event) {
      event.preventDefault();
      var name = link.getAttribute('data-route');
      history.pushState({}, '', link.href);
      document.title = name + ' · Acme Coffee (single-page app)';
      document.getElementById('view').textContent = name;
    });
  });
  var korean = false;
  document.getElementById('lang').addEventListener('click', function (event) {
    korean = !korean;
    document.documentElement.lang = korean ? 'ko' : 'en';
    event.target.textContent = korean ? 'English' : '한국어';
    Parley.setLocale(korean ? 'ko' : 'en');
  });
  var hidden = false;
  document.getElementById('launcher').addEventListener('click', function (event) {
    hidden = !hidden;
    event.target.textContent = hidden ? 'Show the chat button' : 'Hide the chat button';
    Parley(hidden ? 'hide' : 'show');
  });
  document.getElementById('chat').addEventListener('click', function () { Parley.open(); });
  document.getElementById('logout').addEventListener('click', function () { Parley.reset(); });
});
