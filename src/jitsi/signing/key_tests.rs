use super::*;

const KEY_A: &str = include_str!("../../../tests/api/fixtures/signing/rsa-2048-a.pem");
const KEY_A_PUBLIC: &str = include_str!("../../../tests/api/fixtures/signing/rsa-2048-a.pub.pem");
const KEY_B_PKCS1: &str = include_str!("../../../tests/api/fixtures/signing/rsa-2048-b-pkcs1.pem");
const KEY_1024: &str = include_str!("../../../tests/api/fixtures/signing/rsa-1024.pem");
const KEY_EC: &str = include_str!("../../../tests/api/fixtures/signing/ec-p256.pem");

fn key(pem: &str) -> Result<SigningKey, String> {
    SigningKey::from_pem(pem, "jitsi-oidc-bridge/", SystemTime::UNIX_EPOCH)
}

#[test]
fn the_key_server_path_is_the_hex_sha256_of_the_kid_as_prosody_asks_for_it() {
    // Worked out by hand: printf %s 'my-kid' | sha256sum
    assert_eq!(asap_file_name("my-kid"), "24505376ed9eca8eb8b20d5ffa0af960c57a63bd22d3b33abea5113148fd733d.pem");
    // printf %s 'jitsi-oidc-bridge/089d3d0013ddaeb0' | sha256sum
    let a = key(KEY_A).unwrap();
    assert_eq!(a.asap_file_name(), "1a6b59a3f5d81fde35b4ffb9d21af4469ebaa45262901f3a82ad0c4c02ba0541.pem");
}

#[test]
fn the_kid_is_the_prefix_and_the_start_of_the_public_keys_sha256() {
    // openssl pkey -in rsa-2048-a.pem -pubout -outform DER | sha256sum | cut -c1-16
    assert_eq!(key(KEY_A).unwrap().kid(), "jitsi-oidc-bridge/089d3d0013ddaeb0");
    // The PKCS#1 form of key b: the same key as its PKCS#8 file, so the same kid.
    assert_eq!(key(KEY_B_PKCS1).unwrap().kid(), "jitsi-oidc-bridge/4d163afc6a7627fc");
    let other = SigningKey::from_pem(KEY_A, "", SystemTime::UNIX_EPOCH).unwrap();
    assert_eq!(other.kid(), "089d3d0013ddaeb0");
}

#[test]
fn the_public_pem_is_what_openssl_derives() {
    assert_eq!(key(KEY_A).unwrap().public_pem(), KEY_A_PUBLIC);
}

#[test]
fn the_jwk_carries_the_modulus_and_exponent_prosody_rebuilds_the_pem_from() {
    let a = key(KEY_A).unwrap();
    let jwk = a.jwk("RS256");
    assert_eq!(
        (jwk["kty"].as_str(), jwk["alg"].as_str(), jwk["use"].as_str()),
        (Some("RSA"), Some("RS256"), Some("sig"))
    );
    assert_eq!(jwk["kid"], a.kid());
    assert_eq!(jwk["e"], "AQAB");
    let n = URL_SAFE_NO_PAD.decode(jwk["n"].as_str().unwrap()).unwrap();
    assert_eq!((n.len(), n[0] & 0x80), (256, 0x80), "2048 bits, no leading zero byte");
    // The same key for an independent verifier: jsonwebtoken builds it from the JWK.
    let parsed: jsonwebtoken::jwk::Jwk = serde_json::from_value(jwk).unwrap();
    assert!(jsonwebtoken::DecodingKey::from_jwk(&parsed).is_ok());
}

#[test]
fn short_non_rsa_and_non_key_files_are_refused_with_what_to_do() {
    let short = key(KEY_1024).unwrap_err();
    assert!(short.contains("1024-bit") && short.contains("2048"), "{short}");
    let ec = key(KEY_EC).unwrap_err();
    assert!(ec.contains("not an RSA private key"), "{ec}");
    let public = key(KEY_A_PUBLIC).unwrap_err();
    assert!(public.contains("PUBLIC KEY"), "{public}");
    assert!(key("hello").unwrap_err().contains("not a PEM file"));
}
