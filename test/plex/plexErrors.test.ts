import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { registerSecret } from '../../src/base/redact.js';
import { bodyHint, statusError, transportError, type RequestContext } from '../../src/plex/plexErrors.js';

const context: RequestContext = { method: 'GET', host: 'nas.local:32400', path: '/library/sections', timeoutMs: 10_000 };
const named: RequestContext = { ...context, serverName: 'Living Room' };

test('status errors: codes, retryability and one-line messages', () => {
  const cases: [number, string, boolean, string][] = [
    [401, 'unauthorized', false, 'Living Room rejected the token (HTTP 401): run plexterm login'],
    [403, 'unauthorized', false, 'Living Room rejected the token (HTTP 403): run plexterm login'],
    [404, 'not-found', false, 'Living Room has nothing at /library/sections (HTTP 404)'],
    [429, 'rate-limited', true, 'Living Room is limiting requests (HTTP 429): try again in 2 s'],
    [503, 'server', true, 'Living Room failed with HTTP 503 on GET /library/sections: Maintenance'],
    [400, 'http', false, 'Living Room refused GET /library/sections (HTTP 400): Maintenance'],
  ];
  for (const [status, code, retryable, message] of cases) {
    const error = statusError(status, '<h1>Maintenance</h1>', '2', named);
    assert.is(error.code, code, String(status));
    assert.is(error.retryable, retryable, String(status));
    assert.is(error.exitCode, 2);
    assert.is(error.message, message);
    assert.is(error.status, status);
  }
});

test('transport errors name host:port', () => {
  assert.is(transportError('ECONNREFUSED', '', context).message, 'cannot connect to nas.local:32400: connection refused');
  assert.is(transportError('ETIMEDOUT', '', context).message, 'nas.local:32400 did not answer within 10 s');
  assert.is(transportError('ECONNRESET', 'socket hang up', named).message, 'Living Room (nas.local:32400) closed the connection (ECONNRESET)');
  assert.is(transportError('ENOTFOUND', '', context).code, 'network');
  assert.is(transportError('ERR_CANCELED', '', context).code, 'aborted');
  assert.is(transportError(undefined, 'weird\nsecond line', context).message, 'network error talking to nas.local:32400 (weird)');
});

test('certificate and https problems: what is wrong and what to do, never retried', () => {
  const selfSigned = transportError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate', context);
  assert.match(selfSigned.message, /^the certificate of nas\.local:32400 is not trusted: .*NODE_EXTRA_CA_CERTS.*plex\.direct address \(DEPTH_ZERO_SELF_SIGNED_CERT\)$/);
  assert.is(selfSigned.code, 'certificate');
  assert.is(selfSigned.retryable, false);
  assert.match(transportError('SELF_SIGNED_CERT_IN_CHAIN', '', context).message, /is not trusted/);
  assert.is(transportError('CERT_HAS_EXPIRED', '', context).message, 'the certificate of nas.local:32400 has expired (CERT_HAS_EXPIRED)');
  assert.match(transportError('ERR_TLS_CERT_ALTNAME_INVALID', '', context).message, /is for another name: .*plex\.direct address\) \(ERR_TLS_CERT_ALTNAME_INVALID\)$/);
  assert.is(transportError('ERR_SSL_WRONG_VERSION_NUMBER', '', context).message, 'the https handshake with nas.local:32400 failed (ERR_SSL_WRONG_VERSION_NUMBER): a server that speaks http needs an http:// address');
  assert.is(transportError('EPROTO', '', context).retryable, false);
});

test('body hints drop markup, scripts and secrets, and stay short', () => {
  registerSecret('hint-secret-123');
  assert.is(bodyHint('<html><script>var a=1</script><p>Oops:   hint-secret-123</p></html>'), 'Oops: ***');
  assert.is(bodyHint({ error: 'bad' }), '{"error":"bad"}');
  assert.is(bodyHint(undefined), '');
  assert.is(bodyHint('x'.repeat(500)).length, 80);
});

test.run();
