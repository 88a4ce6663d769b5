import { describe, expect, it } from 'vitest';
import { countCaCertificates, countRevokedEntries } from './trust-store-content.js';
import { CA_CERTIFICATE_1, CA_CERTIFICATE_2, CRL_WITH_3_ENTRIES, CRL_WITH_NO_ENTRIES } from './trust-store-test-fixtures.js';

describe('countCaCertificates', () => {
  it('counts the certificates of a PEM bundle', () => {
    expect(countCaCertificates(Buffer.from(CA_CERTIFICATE_1))).toBe(1);
    expect(countCaCertificates(Buffer.from(CA_CERTIFICATE_1 + CA_CERTIFICATE_2))).toBe(2);
  });
  it('refuses a bundle with no certificate or a broken one', () => {
    expect(countCaCertificates(Buffer.from('hello'))).toBeUndefined();
    expect(countCaCertificates(Buffer.from(CA_CERTIFICATE_1.replace(/[A-Za-z]{8}\n/, 'AAAAAAAA\n')))).toBeUndefined();
  });
});

describe('countRevokedEntries', () => {
  it('counts the revoked certificates of a PEM or DER CRL', () => {
    expect(countRevokedEntries(Buffer.from(CRL_WITH_3_ENTRIES))).toBe(3);
    expect(countRevokedEntries(Buffer.from(CRL_WITH_NO_ENTRIES))).toBe(0);
    const der = Buffer.from(CRL_WITH_3_ENTRIES.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    expect(countRevokedEntries(der)).toBe(3);
  });
  it('refuses what is not a CRL', () => {
    expect(countRevokedEntries(Buffer.from('not a crl'))).toBeUndefined();
    expect(countRevokedEntries(Buffer.from(CA_CERTIFICATE_1))).toBeUndefined();
    expect(countRevokedEntries(Buffer.from([0x30, 0x05, 0x01]))).toBeUndefined();
  });
});
