//! The test list and what each test needs, run by libtest-mimic (`harness = false`), so
//! that a plain `cargo test` without a keychain daemon, a D-Bus session or the window's
//! driver reports those tests as *ignored* in its summary, never as passed. Under
//! `BASELINE_TEST_STRICT=1` (scripts/test) nothing is ignored: a missing part fails.
//!
//! Each module lists its tests with [`trial!`]; a test function left out of its list is
//! dead code, which `clippy -D warnings` refuses.

use libtest_mimic::{Failed, Trial};

/// What a test needs beyond the emulators (which the tests start themselves).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    Nothing,
    /// A Secret Service daemon on the session bus (gnome-keyring).
    Keychain,
    /// A D-Bus session (the single-instance plugin) and Xvfb.
    Dbus,
    /// The real window: tauri-driver, WebKitWebDriver, and the keychain.
    Window,
    /// The keychain and the TypeScript compiler scripts/test installs (`.tools/`).
    Tsc,
}

/// One test: its name (`module::function`, as the built-in harness names them), what it
/// needs, and its body.
pub struct Test {
    pub name: String,
    pub needs: Needs,
    pub body: Box<dyn FnOnce() + Send + 'static>,
}

impl Test {
    pub fn new(
        module: &str,
        name: &str,
        needs: Needs,
        body: impl FnOnce() + Send + 'static,
    ) -> Test {
        let module = module.split_once("::").map_or(module, |(_, m)| m);
        Test {
            name: format!("{module}::{name}"),
            needs,
            body: Box::new(body),
        }
    }
}

/// One entry of a module's test list: `trial!(Keychain, name)`, or `trial!(Nothing, async
/// name)` for an async test (run on a multi-threaded Tokio runtime).
#[macro_export]
macro_rules! trial {
    ($needs:ident, async $f:ident) => {
        $crate::harness::Test::new(
            module_path!(),
            stringify!($f),
            $crate::harness::Needs::$needs,
            || $crate::harness::block_on($f()),
        )
    };
    ($needs:ident, $f:ident) => {
        $crate::harness::Test::new(
            module_path!(),
            stringify!($f),
            $crate::harness::Needs::$needs,
            $f,
        )
    };
}

/// The command line, with several name filters allowed as with the built-in harness
/// (`cargo test --test app -- window_infra ui_files`): libtest-mimic takes one, so two or
/// more are applied here and the rest of the arguments go to it.
pub fn arguments() -> (libtest_mimic::Arguments, Vec<String>) {
    let all: Vec<String> = std::env::args().collect();
    // Options that take a value, so that value is not read as a filter.
    const VALUED: &[&str] = &[
        "--test-threads",
        "--skip",
        "--format",
        "--color",
        "--logfile",
    ];
    let mut positional = Vec::new();
    let mut rest = vec![all[0].clone()];
    let mut i = 1;
    while i < all.len() {
        let a = &all[i];
        if VALUED.contains(&a.as_str()) && i + 1 < all.len() {
            rest.extend([a.clone(), all[i + 1].clone()]);
            i += 2;
            continue;
        }
        if a.starts_with('-') {
            rest.push(a.clone());
        } else {
            positional.push(a.clone());
        }
        i += 1;
    }
    if positional.len() == 1 {
        rest.push(positional.remove(0));
    }
    (libtest_mimic::Arguments::from_iter(rest), positional)
}

/// What `#[tokio::test(flavor = "multi_thread")]` did.
pub fn block_on<F: std::future::Future<Output = ()>>(f: F) {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime")
        .block_on(f)
}

/// Which parts this machine lacks, each with how to get it; empty when all are present.
fn missing(needs: Needs) -> Vec<&'static str> {
    use crate::support::{secret_service_running, window::window_parts_present};
    let dbus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some();
    let keychain = dbus && secret_service_running();
    let mut out = Vec::new();
    match needs {
        Needs::Nothing => {}
        Needs::Keychain => {
            if !keychain {
                out.push("a D-Bus session with a running gnome-keyring");
            }
        }
        Needs::Dbus => {
            if !dbus {
                out.push("a D-Bus session");
            }
            if !crate::support::window::on_path("Xvfb") {
                out.push("Xvfb");
            }
        }
        Needs::Tsc => {
            if !keychain {
                out.push("a D-Bus session with a running gnome-keyring");
            }
            if crate::contract::tsc().is_none() {
                out.push("TypeScript in .tools/ (scripts/test installs it)");
            }
        }
        Needs::Window => {
            if !keychain {
                out.push("a D-Bus session with a running gnome-keyring");
            }
            if !window_parts_present() {
                out.push("tauri-driver and WebKitWebDriver");
            }
        }
    }
    out
}

/// The trials: a test whose parts are missing is ignored (outside strict mode), and the
/// reasons are printed once so the summary's "ignored" count is explained.
pub fn trials(tests: Vec<Test>) -> Vec<Trial> {
    let strict = crate::support::strict();
    let mut why = std::collections::BTreeSet::new();
    let trials = tests
        .into_iter()
        .map(|t| {
            let lacking = missing(t.needs);
            let ignore = !strict && !lacking.is_empty();
            why.extend(lacking);
            let body = t.body;
            Trial::test(t.name, move || {
                body();
                Ok::<(), Failed>(())
            })
            .with_ignored_flag(ignore)
        })
        .collect();
    if !strict && !why.is_empty() {
        eprintln!(
            "Tests that need {} are ignored (scripts/test provides everything).",
            why.into_iter().collect::<Vec<_>>().join(", ")
        );
    }
    trials
}
