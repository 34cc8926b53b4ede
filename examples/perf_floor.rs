//! The floor `scripts/perf/run` measures the bridge against: what a signed-in
//! room visit cannot cost less than, in a bare actix-web handler. `/{room}`
//! does one Redis GET (a stored session), one HS256 signature and a 302;
//! `/fixed` is a constant 302. Not part of the bridge.
//!
//! Env: `PERF_FLOOR_LISTEN` (127.0.0.1:port), `PERF_REDIS_URL`, `PERF_SESSION_KEY`.

use std::time::{SystemTime, UNIX_EPOCH};

use actix_web::{web, App, HttpResponse, HttpServer};
use jsonwebtoken::{EncodingKey, Header};
use redis::aio::MultiplexedConnection;
use serde_json::json;

struct Floor {
    redis: MultiplexedConnection,
    session_key: String,
    key: EncodingKey,
}

async fn fixed() -> HttpResponse {
    HttpResponse::Found().insert_header(("location", "https://meet.example.com/standup")).finish()
}

async fn visit(floor: web::Data<Floor>, room: web::Path<String>) -> HttpResponse {
    let stored: Option<String> =
        redis::cmd("GET").arg(&floor.session_key).query_async(&mut floor.redis.clone()).await.ok().flatten();
    let Some(_session) = stored else {
        return HttpResponse::InternalServerError().finish();
    };
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let claims = json!({
        "aud": "jitsi", "iss": "perf", "sub": "meet.jitsi", "room": room.as_str(),
        "exp": now + 300, "nbf": now - 30, "moderator": false,
        "context": { "user": { "id": "u-bob", "name": "Bob Builder", "email": "bob@example.com" }, "group": "acme" },
    });
    match jsonwebtoken::encode(&Header::default(), &claims, &floor.key) {
        Ok(token) => HttpResponse::Found()
            .insert_header(("location", format!("https://meet.example.com/{room}#jwt=%22{token}%22")))
            .finish(),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let var = |name: &str| std::env::var(name).map_err(|_| std::io::Error::other(format!("{name} is not set")));
    let listen = var("PERF_FLOOR_LISTEN")?;
    let client = redis::Client::open(var("PERF_REDIS_URL")?).map_err(std::io::Error::other)?;
    let redis = client.get_multiplexed_async_connection().await.map_err(std::io::Error::other)?;
    let floor = web::Data::new(Floor {
        redis,
        session_key: var("PERF_SESSION_KEY")?,
        key: EncodingKey::from_secret(b"perf-floor-app-secret-0123456789abcdef"),
    });
    HttpServer::new(move || {
        App::new().app_data(floor.clone()).route("/fixed", web::get().to(fixed)).route("/{room}", web::get().to(visit))
    })
    .bind(listen)?
    .run()
    .await
}
