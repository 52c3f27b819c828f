//! One instance: a second launch over the same state folder hands over to the running
//! window and exits, so two windows never write the same state.

use crate::support::window::start_xvfb;
use crate::support::{aws_env, die_with_parent, missing, Guard, Moto};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn launch(display: &str, home: &std::path::Path, endpoint: &str) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_baseline"));
    cmd.envs(aws_env(endpoint))
        .env("DISPLAY", display)
        .env("BASELINE_HOME", home)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    die_with_parent(&mut cmd).spawn().expect("start the app")
}

/// Wait up to `limit` for the child to exit by itself.
fn exits_within(child: &mut Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    None
}

fn a_second_launch_with_the_same_state_hands_over_and_exits() {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        missing("a D-Bus session");
    }
    let moto = Moto::start();
    let (_xvfb, display) = start_xvfb();
    let home = tempfile::tempdir().unwrap();
    let mut first = Guard(launch(&display, home.path(), &moto.endpoint));
    // The first window registers itself; give it time to come up.
    assert!(
        exits_within(&mut first.0, Duration::from_secs(4)).is_none(),
        "the first window stays open"
    );
    let mut second = launch(&display, home.path(), &moto.endpoint);
    let status = exits_within(&mut second, Duration::from_secs(30));
    assert!(
        status.is_some_and(|s| s.success()),
        "the second launch exits by itself: {status:?}"
    );
    assert!(
        first.0.try_wait().unwrap().is_none(),
        "the first is still running"
    );
    // Another state folder is another state: that window opens.
    let other = tempfile::tempdir().unwrap();
    let mut third = Guard(launch(&display, other.path(), &moto.endpoint));
    assert!(exits_within(&mut third.0, Duration::from_secs(4)).is_none());
}

pub fn tests() -> Vec<crate::harness::Test> {
    vec![crate::trial!(
        Dbus,
        a_second_launch_with_the_same_state_hands_over_and_exits
    )]
}
