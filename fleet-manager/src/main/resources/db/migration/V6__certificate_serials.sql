-- Doorstep fleet store, version 6 (issue #6 gap: revocation at an external broker through a CRL).
-- Additive only, in the dialect V1 uses so that SQLite and PostgreSQL both run it unchanged.

-- Every certificate the fleet issued to a device at enrolment or renewal. serial is the certificate
-- serial number in lower-case hex without leading zeros (Bouncy Castle / BigInteger.toString(16)).
-- tls is TRUE for certificates of the TLS CA (the device's TLS client certificate: in the STANDARD
-- suite its only certificate), which are the ones the CRL for an external broker lists. Rows of
-- expired certificates may be deleted; the CRL leaves them out anyway.
CREATE TABLE certificates (
    serial     VARCHAR(40) NOT NULL PRIMARY KEY,
    device_id  VARCHAR(64) NOT NULL,
    tls        BOOLEAN     NOT NULL,
    issued_at  BIGINT      NOT NULL,
    not_after  BIGINT      NOT NULL
);

CREATE INDEX certificates_device ON certificates (device_id);

-- When the device was revoked (epoch milliseconds; the CRL entry's revocationDate). NULL for devices
-- not revoked, and for those revoked before version 6 (the CRL then uses the certificate's issue time).
ALTER TABLE devices ADD COLUMN revoked_at BIGINT;
