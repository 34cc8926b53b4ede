//! Trust for Redis TLS. The redis crate trusts either the system's roots or the
//! certificates it is given, never both; an operator's `ca_file` (a private CA
//! for Redis) must not make public CAs untrusted, so the two are joined here
//! into the one PEM bundle the crate is given.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use redis::TlsCertificates;

/// `None` without `extra_ca`: the crate then uses the system's roots alone.
pub(super) fn trusted_roots(extra_ca: Option<&[u8]>) -> Option<TlsCertificates> {
    let extra_ca = extra_ca?;
    let system = rustls_native_certs::load_native_certs();
    // One unreadable system certificate should not take Redis down with it.
    for error in &system.errors {
        tracing::warn!(%error, "a system CA certificate could not be read; Redis TLS goes on without it");
    }
    let mut bundle = String::new();
    for certificate in &system.certs {
        bundle.push_str(&pem(certificate));
    }
    let mut bundle = bundle.into_bytes();
    bundle.extend_from_slice(extra_ca);
    bundle.push(b'\n');
    Some(TlsCertificates { client_tls: None, root_cert: Some(bundle) })
}

/// One DER certificate as PEM.
fn pem(der: &[u8]) -> String {
    let base64 = STANDARD.encode(der);
    let mut pem = String::with_capacity(base64.len() + base64.len() / 64 + 64);
    pem.push_str("-----BEGIN CERTIFICATE-----\n");
    let mut rest = base64.as_str();
    while !rest.is_empty() {
        // Base64 is ASCII, so every byte index is a character boundary.
        let (line, tail) = rest.split_at(rest.len().min(64));
        pem.push_str(line);
        pem.push('\n');
        rest = tail;
    }
    pem.push_str("-----END CERTIFICATE-----\n");
    pem
}

#[cfg(test)]
mod tests {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::CertificateDer;

    #[test]
    fn der_round_trips_through_pem() {
        let der: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        let pem = super::pem(&der);
        assert!(pem.lines().all(|line| line.len() <= 64));
        let parsed: Vec<_> = CertificateDer::pem_slice_iter(pem.as_bytes()).collect();
        assert_eq!(parsed.len(), 1);
        assert!(matches!(&parsed[0], Ok(cert) if cert.as_ref() == der.as_slice()));
    }

    #[test]
    fn the_ca_file_adds_to_the_system_roots_instead_of_replacing_them() {
        assert!(super::trusted_roots(None).is_none(), "without a CA file the crate's own roots apply");
        let extra = super::pem(b"operator's CA");
        let roots = super::trusted_roots(Some(extra.as_bytes())).and_then(|certificates| certificates.root_cert);
        let bundle = roots.unwrap_or_default();
        let parsed: Vec<_> = CertificateDer::pem_slice_iter(&bundle).filter_map(Result::ok).collect();
        let system = rustls_native_certs::load_native_certs().certs;
        assert_eq!(parsed.len(), system.len() + 1);
        assert!(parsed.last().is_some_and(|cert| cert.as_ref() == b"operator's CA"));
        assert!(system.iter().all(|cert| parsed.contains(cert)));
    }
}
