//! The scenarios: each gets a fresh database and its own server process.

use crate::db::FreshDb;
use crate::load::{Conn, Payload, Tally, Window, closed_loop};
use crate::server::{RssSampler, Server, cpu_seconds};
use crate::sink::{Sink, SinkState};
use crate::stats::{Recorder, growth_pct, rate};
use crate::{NOT_YET, Outcome, Plan};
use bytes::Bytes;
use std::time::{Duration, Instant};

/// How long one flow waits for its paid feedback before counting an error.
const FLOW_LIMIT: Duration = Duration::from_secs(30);

/// The payrequest every scenario sends: the demo seller, SMS off.
const PAYREQUEST: &str =
    "cmd=payrequest&userid=payapptest&goodname=bench&price=1000&recvphone=01012345678&smsuse=n";

pub async fn run(name: &str, plan: &Plan) -> Outcome {
    let mut outcome = Outcome::named(name, plan);
    if NOT_YET.contains(&name) {
        outcome.status = "skipped".to_owned();
        outcome.note = "protocol not implemented yet".to_owned();
        return outcome;
    }
    let db = match FreshDb::create(plan.postgres.as_deref(), name).await {
        Ok(db) => db,
        Err(e) => {
            outcome.status = "failed".to_owned();
            outcome.note = e;
            return outcome;
        }
    };
    let result = match name {
        "baseline" => {
            load(
                plan,
                &db,
                &mut outcome,
                "/bench/baseline",
                payrequest(),
                state_1,
            )
            .await
        }
        "payapp-payrequest" => {
            load(
                plan,
                &db,
                &mut outcome,
                gyeolje_payapp::API_PATH,
                payrequest(),
                state_1,
            )
            .await
        }
        "innopay-smspay" => {
            load(
                plan,
                &db,
                &mut outcome,
                gyeolje_innopay::SMS_PAY_PATH,
                sms_pay(),
                result_0000,
            )
            .await
        }
        "ipay-insert-order" => {
            load(
                plan,
                &db,
                &mut outcome,
                "/ArcheSystem/IpayService.asmx",
                insert_order(),
                positive_cart_no,
            )
            .await
        }
        "payapp-flow" => flow(plan, &db, &mut outcome).await,
        "callback-drain" => drain(plan, &db, &mut outcome).await,
        other => Err(format!("no scenario {other}")),
    };
    if let Err(e) = result {
        outcome.status = "failed".to_owned();
        outcome.note = e;
    } else if outcome.completed == 0 {
        outcome.status = "failed".to_owned();
        if outcome.note.is_empty() {
            outcome.note = "nothing completed".to_owned();
        }
    }
    if outcome.status == "failed" {
        eprintln!(
            "gyeolje-bench: {name}: the server's log is kept at {}",
            db.dir.path().join("gyeolje.log").display()
        );
        // Keep the directory (and the log in it) for a look afterwards.
        let _ = db.dir.keep();
    } else {
        db.cleanup().await;
    }
    outcome
}

fn state_1(status: u16, body: &[u8]) -> bool {
    status == 200 && body.starts_with(b"state=1")
}

fn payrequest() -> Payload {
    Payload::Form(Bytes::from_static(PAYREQUEST.as_bytes()))
}

/// InnoPay registers an order per `moid`, and a repeated `moid` is the same
/// order, so every request carries a fresh one. The order's SMS is queued
/// and delivered like any SMS, as in production.
fn sms_pay() -> Payload {
    Payload::Numbered {
        content_type: "application/json",
        make: std::sync::Arc::new(|connection, n| {
            Bytes::from(format!(
                r#"{{"mid":"testpay01m","moid":"bench-{connection}-{n}","goodsName":"bench","amt":"10,004","buyerName":"bench","buyerTel":"010-1234-5678","svcPrdtCd":"03"}}"#
            ))
        }),
    }
}

fn result_0000(status: u16, body: &[u8]) -> bool {
    status == 200 && body.windows(19).any(|w| w == br#""resultCode":"0000""#)
}

/// The manual's PHP sample cart (§3.1.2): one item, 29,800 + 2,500
/// shipping, with the sample's own ticket. Every call registers a new cart.
const INSERT_ORDER: &str = concat!(
    r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">"#,
    r#"<soap:Header><EncryptedTicket xmlns="http://www.auction.co.kr/Security"><Value>d6CLKXxE0tPDLVa599qXYpWqy9v4SFWieCbJXCzIMGVL/H+0IRMdlSetMXoBhmoYWgbqv02KZsUldPhZtoaU586/RBrDMjoGUIiJoq1m7Obn6N6XJpEXtHSAwufVU8drRyheJMZm2pnebpC7vt3afvKcXR1Wj/kkIAyru3WOD7nwhwTNdTejk9OUXUL409s9Jl5de0B+fuQJehlMPaQiOb8=</Value></EncryptedTicket></soap:Header>"#,
    r#"<soap:Body><InsertIpayOrderToLong xmlns="http://www.auction.co.kr/IpayService/Ipay">"#,
    r#"<ORDER payment_rule='0' pay_price='32300' shipping_price='2500' shipping_type='3' back_url='http://127.0.0.1/back' service_url='http://127.0.0.1:9/receive' redirect_url='http://127.0.0.1/done' />"#,
    r#"<ITEMS><IpayServiceItems item_name='bench 후드티' ipay_itemno='47245950' item_option_name='블루[105]/free' item_price='29800' order_qty='1' item_url='http://127.0.0.1/item' thumbnail_url='http://127.0.0.1/thumb.jpg'/></ITEMS>"#,
    r#"</InsertIpayOrderToLong></soap:Body></soap:Envelope>"#
);

fn insert_order() -> Payload {
    Payload::Numbered {
        content_type: "text/xml; charset=utf-8",
        make: std::sync::Arc::new(|_, _| Bytes::from_static(INSERT_ORDER.as_bytes())),
    }
}

/// A cart number is positive; §3.1.5 errors are negative.
fn positive_cart_no(status: u16, body: &[u8]) -> bool {
    const TAG: &[u8] = b"<InsertIpayOrderToLongResult>";
    status == 200
        && body
            .windows(TAG.len())
            .position(|w| w == TAG)
            .and_then(|i| body.get(i + TAG.len()))
            .is_some_and(u8::is_ascii_digit)
}

/// CPU seconds of the server and of this process, read when a window opens.
async fn cpu_at(pid: u32, at: Instant) -> (f64, f64) {
    tokio::time::sleep_until(at.into()).await;
    (
        cpu_seconds(&format!("/proc/{pid}/stat")).unwrap_or(0.0),
        cpu_seconds("/proc/self/stat").unwrap_or(0.0),
    )
}

/// Fills the latency, memory and CPU fields once a run is over.
async fn finish(
    outcome: &mut Outcome,
    server: Server,
    sampler: RssSampler,
    warmup: Duration,
    cpu_start: (f64, f64),
    latencies: &Recorder,
    measured: Duration,
) {
    let cpu_end = (
        server.cpu_seconds().unwrap_or(0.0),
        cpu_seconds("/proc/self/stat").unwrap_or(0.0),
    );
    let memory = server.memory().unwrap_or_default();
    let samples = sampler.finish().await;
    server.stop().await;
    let s = latencies.summary();
    outcome.completed = s.count;
    outcome.rps = rate(s.count, measured);
    outcome.measured_s = measured.as_secs_f64();
    outcome.p50_ms = s.p50_ms;
    outcome.p90_ms = s.p90_ms;
    outcome.p99_ms = s.p99_ms;
    outcome.max_ms = s.max_ms;
    outcome.mean_ms = s.mean_ms;
    let peak_sampled = samples.iter().map(|(_, r)| *r).fold(0.0, f64::max);
    outcome.peak_rss_mib = memory.hwm_mib.max(peak_sampled);
    outcome.rss_start_mib = samples
        .iter()
        .find(|(t, _)| *t >= warmup)
        .or(samples.first())
        .map_or(0.0, |(_, r)| *r);
    outcome.rss_end_mib = samples.last().map_or(memory.rss_mib, |(_, r)| *r);
    outcome.rss_growth_pct = growth_pct(outcome.rss_start_mib, outcome.rss_end_mib);
    outcome.server_cpu_s = cpu_end.0 - cpu_start.0;
    outcome.bench_cpu_s = cpu_end.1 - cpu_start.1;
}

fn note_errors(outcome: &mut Outcome, tally: &Tally) {
    outcome.errors = tally.errors;
    if let Some(e) = &tally.first_error {
        outcome.note = format!("first error: {e}");
    }
}

/// `baseline`, `payapp-payrequest` and `innopay-smspay`: `connections`
/// closed loops POSTing `payload` to `path`; a reply counts when `good`.
async fn load(
    plan: &Plan,
    db: &FreshDb,
    outcome: &mut Outcome,
    path: &'static str,
    payload: Payload,
    good: fn(u16, &[u8]) -> bool,
) -> Result<(), String> {
    let server = Server::start(
        &plan.server,
        &db.url,
        true,
        &db.dir.path().join("gyeolje.log"),
    )
    .await?;
    let sampler = RssSampler::start(server.pid, plan.rss_every);
    let window = Window::starting_now(plan.warmup, plan.measure);
    let cpu = tokio::spawn(cpu_at(server.pid, window.measure_from));
    let tally = closed_loop(server.addr, plan.connections, window, path, payload, good).await;
    let cpu_start = cpu.await.unwrap_or_default();
    outcome.concurrency = plan.connections;
    note_errors(outcome, &tally);
    finish(
        outcome,
        server,
        sampler,
        plan.warmup,
        cpu_start,
        &tally.latencies,
        window.length(),
    )
    .await;
    Ok(())
}

/// The payrequest body with a feedbackurl pointing at the sink.
fn payrequest_to(sink: &Sink) -> Bytes {
    let url = sink.url().replace(':', "%3A").replace('/', "%2F");
    Bytes::from(format!("{PAYREQUEST}&feedbackurl={url}"))
}

/// One flow: payrequest (its creation feedback, pay_state=1, is answered by
/// the sink while the request waits), then the buyer pays through the
/// sandbox; done when the sink receives pay_state=4. Returns its arrival.
async fn one_flow(conn: &mut Conn, sink: &SinkState, request: &Bytes) -> Result<Instant, String> {
    let (status, reply) = conn
        .post(
            gyeolje_payapp::API_PATH,
            "application/x-www-form-urlencoded",
            request.clone(),
        )
        .await?;
    let text = String::from_utf8_lossy(&reply);
    let fields = gyeolje_payapp::parse_reply(&text);
    let field = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    if status != 200 || field("state") != Some("1") {
        return Err(format!("payrequest: HTTP {status}: {}", text.trim()));
    }
    let mul_no = field("mul_no").ok_or("payrequest: no mul_no")?.to_owned();
    let paid = sink.wait_for(&mul_no);
    let body = format!(
        r#"{{"protocol":"payapp","reference":"{mul_no}","method":"card","card_number":"4242424242424242"}}"#
    );
    let (status, reply) = conn
        .post("/sandbox/pay", "application/json", Bytes::from(body))
        .await?;
    if status != 200 || !reply.windows(10).any(|w| w == b"\"approved\"") {
        sink.forget(&mul_no);
        return Err(format!(
            "sandbox pay: HTTP {status}: {}",
            String::from_utf8_lossy(&reply)
        ));
    }
    match tokio::time::timeout(FLOW_LIMIT, paid).await {
        Ok(Ok(at)) => Ok(at),
        _ => {
            sink.forget(&mul_no);
            Err(format!(
                "no pay_state=4 feedback for {mul_no} within {FLOW_LIMIT:?}"
            ))
        }
    }
}

/// `payapp-flow`: `flows` concurrent payrequest → sandbox pay → feedback
/// flows; latency is from sending the payrequest to the feedback's arrival.
async fn flow(plan: &Plan, db: &FreshDb, outcome: &mut Outcome) -> Result<(), String> {
    let sink = Sink::start().await?;
    let server = Server::start(
        &plan.server,
        &db.url,
        true,
        &db.dir.path().join("gyeolje.log"),
    )
    .await?;
    let sampler = RssSampler::start(server.pid, plan.rss_every);
    let window = Window::starting_now(plan.warmup, plan.measure);
    let cpu = tokio::spawn(cpu_at(server.pid, window.measure_from));
    let request = payrequest_to(&sink);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..plan.flows {
        let state = sink.state.clone();
        let request = request.clone();
        let addr = server.addr;
        tasks.spawn(async move {
            let mut conn = Conn::new(addr);
            let mut tally = Tally::default();
            loop {
                let started = Instant::now();
                if started >= window.deadline {
                    break;
                }
                match one_flow(&mut conn, &state, &request).await {
                    Ok(arrived) if window.counts(started, arrived) => {
                        tally
                            .latencies
                            .record(arrived.saturating_duration_since(started));
                    }
                    Ok(_) => {}
                    Err(e) if started >= window.measure_from => tally.error(e),
                    Err(_) => {}
                }
            }
            tally
        });
    }
    let mut tally = Tally::default();
    while let Some(done) = tasks.join_next().await {
        match done {
            Ok(t) => tally.merge(&t),
            Err(e) => tally.error(format!("flow task failed: {e}")),
        }
    }
    let cpu_start = cpu.await.unwrap_or_default();
    outcome.concurrency = plan.flows;
    note_errors(outcome, &tally);
    if outcome.note.is_empty() {
        outcome.note =
            "flows/s; latency = payrequest sent -> pay_state=4 feedback received".to_owned();
    }
    finish(
        outcome,
        server,
        sampler,
        plan.warmup,
        cpu_start,
        &tally.latencies,
        window.length(),
    )
    .await;
    Ok(())
}

/// `callback-drain`: one real paid payment's pay_state=4 feedback, queued
/// with the workers off, is copied in the outbox until `drain` are pending;
/// then the server restarts with its workers on and the sink counts them in.
/// Latencies are each delivery's time since the restarted server listened
/// (p50 = when half the backlog was delivered).
async fn drain(plan: &Plan, db: &FreshDb, outcome: &mut Outcome) -> Result<(), String> {
    let sink = Sink::start().await?;
    let log = db.dir.path().join("gyeolje.log");
    let server = Server::start(&plan.server, &db.url, false, &log).await?;
    let mut conn = Conn::new(server.addr);
    let (_, reply) = conn
        .post(
            gyeolje_payapp::API_PATH,
            "application/x-www-form-urlencoded",
            payrequest_to(&sink),
        )
        .await?;
    let text = String::from_utf8_lossy(&reply).into_owned();
    let mul_no = gyeolje_payapp::parse_reply(&text)
        .into_iter()
        .find(|(k, _)| k == "mul_no")
        .map(|(_, v)| v)
        .ok_or_else(|| format!("payrequest failed: {text}"))?;
    let body = format!(
        r#"{{"protocol":"payapp","reference":"{mul_no}","method":"card","card_number":"4242424242424242"}}"#
    );
    let (status, reply) = conn
        .post("/sandbox/pay", "application/json", Bytes::from(body))
        .await?;
    if status != 200 {
        return Err(format!(
            "sandbox pay: HTTP {status}: {}",
            String::from_utf8_lossy(&reply)
        ));
    }
    drop(conn);
    server.stop().await;
    let filling = Instant::now();
    let pending = db.fill_backlog(plan.drain).await?;
    let fill_s = filling.elapsed().as_secs_f64();
    let already = sink.state.paid();
    let _ = sink.state.take_arrivals();

    let server = Server::start(&plan.server, &db.url, true, &log).await?;
    let t0 = Instant::now();
    let sampler = RssSampler::start(server.pid, plan.rss_every);
    let cpu_start = (
        server.cpu_seconds().unwrap_or(0.0),
        cpu_seconds("/proc/self/stat").unwrap_or(0.0),
    );
    let limit = t0 + plan.drain_limit;
    while sink.state.paid() - already < pending && Instant::now() < limit {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let arrivals = sink.state.take_arrivals();
    let mut latencies = Recorder::new();
    for a in &arrivals {
        latencies.record(a.saturating_duration_since(t0));
    }
    let delivered = arrivals.len() as u64;
    let took = arrivals
        .iter()
        .max()
        .map_or(Duration::ZERO, |last| last.saturating_duration_since(t0));
    outcome.concurrency = 0;
    outcome.errors = pending.saturating_sub(delivered);
    outcome.note = format!(
        "deliveries/s of {pending} queued callbacks (backlog written in {fill_s:.1} s); \
         latency = time since the server started"
    );
    if outcome.errors > 0 {
        outcome.note = format!(
            "only {delivered} of {pending} delivered within {:?}",
            plan.drain_limit
        );
    }
    finish(
        outcome,
        server,
        sampler,
        Duration::ZERO,
        cpu_start,
        &latencies,
        took,
    )
    .await;
    Ok(())
}
