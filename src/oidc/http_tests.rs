use super::*;

#[test]
fn discovery_reads_the_key_set_with_the_same_client_and_that_call_is_counted_as_jwks() {
    let uri = |text: &str| text.parse::<Uri>().unwrap();
    let discovery = uri("https://idp.example.com/realms/acme/.well-known/openid-configuration");
    assert_eq!(endpoint_of(Endpoint::Discovery, &discovery), Endpoint::Discovery);
    let keys = uri("https://idp.example.com/realms/acme/protocol/openid-connect/certs");
    assert_eq!(endpoint_of(Endpoint::Discovery, &keys), Endpoint::Jwks);
    assert_eq!(endpoint_of(Endpoint::Token, &keys), Endpoint::Token);
}

#[test]
fn answers_and_failures_have_their_outcome() {
    let answer = |status: u16| {
        let mut response = HttpResponse::new(Vec::new());
        *response.status_mut() = StatusCode::from_u16(status).unwrap();
        Ok(response)
    };
    assert_eq!(outcome_of(&answer(200)), CallOutcome::Ok);
    assert_eq!(outcome_of(&answer(400)), CallOutcome::Refused);
    assert_eq!(outcome_of(&answer(302)), CallOutcome::Refused);
    let failure = |error| outcome_of(&Err(error));
    assert_eq!(failure(ProviderHttpError::ServerStatus(StatusCode::BAD_GATEWAY)), CallOutcome::ServerError);
    assert_eq!(failure(ProviderHttpError::TooLarge), CallOutcome::TooLarge);
}
