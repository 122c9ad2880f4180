/* Install the service worker (/sw.js) and tell it the page's language and when the user logs out. */
(function () {
  'use strict';
  var sw = navigator.serviceWorker;
  var me = document.currentScript;
  if (!sw || !me) return;
  sw.register(me.getAttribute('data-sw'), {scope: '/'}).catch(function () {});
  function tell(message) { if (sw.controller) sw.controller.postMessage(message); }
  tell({type: 'lang', lang: document.documentElement.lang});
  // Belt and braces with the logout answer's Clear-Site-Data: drop the kept pickup passes.
  document.addEventListener('submit', function (event) {
    if (event.target.hasAttribute('data-pwa-logout')) tell({type: 'logout'});
  });
})();
