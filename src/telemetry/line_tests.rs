use super::*;

#[test]
fn dates_match_the_calendar() {
    assert_eq!(civil_date(0), (1970, 1, 1));
    assert_eq!(civil_date(59), (1970, 3, 1));
    assert_eq!(civil_date(11_016), (2000, 2, 29));
    assert_eq!(civil_date(19_782), (2024, 2, 29));
    assert_eq!(civil_date(20_786), (2026, 11, 29));
    assert_eq!(civil_date(24_836), (2037, 12, 31));
}

#[test]
fn timestamps_are_rfc_3339_utc_with_microseconds() {
    let mut text = String::new();
    let at = UNIX_EPOCH + std::time::Duration::new(1_795_926_600, 123_456_789);
    write_timestamp(&mut Writer::new(&mut text), at).unwrap();
    assert_eq!(text, "2026-11-29T04:30:00.123456Z");
}

#[derive(Clone, Default)]
struct Sink(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Lines written while `work` runs, with the plain format.
fn lines_of(work: impl FnOnce()) -> String {
    use tracing_subscriber::layer::SubscriberExt;
    let sink = Sink::default();
    let writer = sink.clone();
    let layer =
        tracing_subscriber::fmt::layer().event_format(PlainLine).with_ansi(false).with_writer(move || writer.clone());
    tracing::subscriber::with_default(tracing_subscriber::registry().with(layer), work);
    let bytes = sink.0.lock().unwrap().clone();
    String::from_utf8(bytes).unwrap()
}

/// Inside a request the line names it as the `request` span would, without a span.
#[test]
fn a_line_written_while_serving_a_request_names_the_request() {
    let context = super::super::RequestContext {
        id: "0123abcd".into(),
        method: actix_web::http::Method::GET,
        path: "/standup".into(),
    };
    let text = lines_of(|| {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime.block_on(super::super::REQUEST.scope(context, async {
            tracing::info!(status = 302, micros = 41, "served");
        }));
    });
    assert!(
        text.trim_end().ends_with(
            " INFO request{request_id=0123abcd method=GET path=/standup}: jitsi_oidc_bridge::telemetry::line::tests: served status=302 micros=41"
        ),
        "{text}"
    );
}

#[test]
fn a_line_names_level_spans_target_message_and_fields() {
    use tracing_subscriber::layer::SubscriberExt;
    let sink = Sink::default();
    let writer = sink.clone();
    let layer =
        tracing_subscriber::fmt::layer().event_format(PlainLine).with_ansi(false).with_writer(move || writer.clone());
    let subscriber = tracing_subscriber::registry().with(layer);
    tracing::subscriber::with_default(subscriber, || {
        let span = tracing::info_span!("request", request_id = "abc", path = "/standup");
        span.in_scope(|| tracing::info!(status = 302, micros = 41, "served"));
        tracing::warn!("outside");
    });
    let text = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    let (stamp, rest) = lines[0].split_once(' ').unwrap();
    assert!(stamp.ends_with('Z') && stamp.len() == 27, "{stamp}");
    assert_eq!(
        rest,
        " INFO request{request_id=\"abc\" path=\"/standup\"}: jitsi_oidc_bridge::telemetry::line::tests: served status=302 micros=41"
    );
    assert!(lines[1].ends_with(" WARN jitsi_oidc_bridge::telemetry::line::tests: outside"), "{}", lines[1]);
}
