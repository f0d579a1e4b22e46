"""The public's personal data (个人信息保护法), what every app shares:

- `fields.EncryptedTextField`: encrypted at rest with keys from the environment;
- `masking.mask_phone`, `mask_name`, `mask_address`: what is shown to those who may not
  see it in full;
- `crypto.keyed_hash`: a keyed digest, for finding or de-duplicating without the plain value;
- `logfilters.ScrubPersonalData`: phone numbers out of log records;
- `reporting.PersonalDataExceptionReporterFilter`: out of error reports too.

Which fields hold such data, who reads them unmasked and when they are erased is decided by
the app that owns them (`cases.privacy`, `cases.retention`). docs/personal-data.md.
"""
