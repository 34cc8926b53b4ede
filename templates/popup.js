// Jitsi's inline sign-in (react/features/authentication/actions.web.ts,
// loginWithPopup) waits in the opener for {type: 'oauth-success', accessToken}
// or {type: 'oauth-error', error}, accepted only from the Jitsi origin. The
// message is sent to that origin alone, never to '*'.
(function () {
  var data = document.getElementById('oauth-result').dataset;
  var message = data.type === 'oauth-success'
    ? { type: 'oauth-success', accessToken: data.token }
    : { type: 'oauth-error', error: data.error };
  if (!window.opener || window.opener.closed) {
    document.getElementById('no-opener').hidden = false;
    return;
  }
  window.opener.postMessage(message, data.origin);
  if (data.type === 'oauth-success') {
    setTimeout(function () { window.close(); }, 1000);
  }
})();
