// The authorities of NODE_EXTRA_CA_CERTS that the installed command's shebang hands to plexterm (as PLEXTERM_EXTRA_CA_CERTS):
// read from the file at the first TLS connection, added to Node's defaults, and only when Node does not have them itself.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { extraCaCertificates, trustedAuthorities } from '../../src/base/extraCaCertificates.js';
import { frontCertificate } from '../helpers/httpsFront.js';
import { makeTempFolder } from '../helpers/tempFolder.js';

const front = readFileSync(frontCertificate, 'latin1').trim();

test('the certificates of the handed-over file, each whole, in order; text around them is left out', async () => {
  const folder = await makeTempFolder();
  try {
    const bundle = join(folder.path, 'bundle.pem');
    // A system bundle has comments and blank lines between its certificates.
    await writeFile(bundle, `# Our proxy\n${front}\n\n# Our NAS\r\n${front.replace(/\n/g, '\r\n')}\r\n`);
    const certificates = extraCaCertificates({ PLEXTERM_EXTRA_CA_CERTS: bundle });
    assert.is(certificates.length, 2);
    assert.is(certificates[0], front);
    assert.ok(certificates[1]?.startsWith('-----BEGIN CERTIFICATE-----') && certificates[1].endsWith('-----END CERTIFICATE-----'), certificates[1]);
    // Node's defaults first: the extra ones are added, not put in their place.
    const trusted = trustedAuthorities(tls, { PLEXTERM_EXTRA_CA_CERTS: bundle }) ?? [];
    assert.ok(trusted.length >= tls.rootCertificates.length + 2, `${trusted.length}`);
    assert.ok(tls.rootCertificates.every((root) => trusted.includes(root)), 'every default authority is still trusted');
    assert.equal(trusted.slice(-2), [...certificates]);
  } finally {
    await folder.remove();
  }
});

test('nothing is added when Node has them (NODE_EXTRA_CA_CERTS still set: plexterm was not started through its shebang), or when there are none', () => {
  assert.equal(extraCaCertificates({ PLEXTERM_EXTRA_CA_CERTS: frontCertificate, NODE_EXTRA_CA_CERTS: frontCertificate }), []);
  // The shebang passes an unset variable on as the empty string.
  assert.equal(extraCaCertificates({ PLEXTERM_EXTRA_CA_CERTS: '' }), []);
  assert.equal(extraCaCertificates({}), []);
  assert.is(trustedAuthorities(tls, {}), null, "Node's default store applies untouched");
});

test('a file that cannot be read, or holds no certificate, adds nothing (the connection then says its certificate is not trusted)', async () => {
  const folder = await makeTempFolder();
  try {
    assert.equal(extraCaCertificates({ PLEXTERM_EXTRA_CA_CERTS: join(folder.path, 'missing.pem') }), []);
    assert.equal(extraCaCertificates({ PLEXTERM_EXTRA_CA_CERTS: folder.path }), [], 'a folder');
    const html = join(folder.path, 'proxy-error.html');
    await writeFile(html, '<html><body>502 Bad Gateway</body></html>');
    assert.equal(extraCaCertificates({ PLEXTERM_EXTRA_CA_CERTS: html }), []);
    assert.is(trustedAuthorities(tls, { PLEXTERM_EXTRA_CA_CERTS: html }), null);
  } finally {
    await folder.remove();
  }
});

test.run();
