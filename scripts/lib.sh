# Shared by scripts/setup, scripts/sandbox and scripts/test. Source it; do not run it.
# Installs what Baseline needs on a Debian machine and starts the local AWS emulators.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV_DIR="${BASELINE_VENV_DIR:-$ROOT/.venv}"
MOTO_VERSION="5.2.5"
MINISTACK_VERSION="1.5.33"
CBOR2_VERSION="6.3.0"
TAURI_DRIVER_VERSION="2.1.0"
TAURI_CLI_VERSION="2.12.5"   # the npm package @tauri-apps/cli; matches the tauri crate
TYPESCRIPT_VERSION="7.0.2"   # the npm package typescript (the native compiler): checks ui/*.js

APT_BUILD="libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev
  libsoup-3.0-dev libdbus-1-dev build-essential pkg-config libssl-dev"
APT_TEST="webkit2gtk-driver xvfb dbus-x11 gnome-keyring libsecret-tools fonts-noto-cjk
  python3-venv age imagemagick openssh-client xclip libglib2.0-bin"

log() { printf '\033[1m[baseline]\033[0m %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Install the Debian packages that are missing (about 3 minutes the first time): the given
# ones, or by default everything the build and the tests need.
ensure_apt() {
  local missing=() wanted="${*:-$APT_BUILD $APT_TEST}"
  for pkg in $wanted; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing system packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The emulators' Python venvs: moto in one, ministack in its own (it pins an older botocore).
ensure_venvs() {
  if [ ! -x "$VENV_DIR/moto/bin/moto_server" ]; then
    log "creating the moto venv in $VENV_DIR/moto"
    python3 -m venv "$VENV_DIR/moto"
    "$VENV_DIR/moto/bin/pip" install -q --disable-pip-version-check "moto[server]==$MOTO_VERSION"
  fi
  if [ ! -x "$VENV_DIR/ministack/bin/ministack" ]; then
    log "creating the ministack venv in $VENV_DIR/ministack"
    python3 -m venv "$VENV_DIR/ministack"
    "$VENV_DIR/ministack/bin/pip" install -q --disable-pip-version-check \
      "ministack==$MINISTACK_VERSION" "cbor2==$CBOR2_VERSION"
  fi
}

ensure_tauri_driver() {
  if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
    log "installing tauri-driver $TAURI_DRIVER_VERSION"
    cargo install --quiet --locked tauri-driver --version "$TAURI_DRIVER_VERSION"
  fi
  export PATH="$HOME/.cargo/bin:$PATH"
}

# The prebuilt Tauri CLI (bundler) from npm, in .tools/ (seconds; crates.io's tauri-cli
# would compile for many minutes). Sets TAURI_CLI.
ensure_tauri_cli() {
  TAURI_CLI="$ROOT/.tools/node_modules/.bin/tauri"
  if [ ! -x "$TAURI_CLI" ] || [ "$("$TAURI_CLI" --version 2>/dev/null)" != "tauri-cli $TAURI_CLI_VERSION" ]; then
    command -v npm >/dev/null 2>&1 || { log "npm is needed to fetch the Tauri CLI (apt-get install npm)"; return 1; }
    log "installing the Tauri CLI $TAURI_CLI_VERSION (npm) in .tools/"
    npm install --silent --no-fund --no-audit --prefix "$ROOT/.tools" "@tauri-apps/cli@$TAURI_CLI_VERSION" >/dev/null
  fi
}

# TypeScript from npm, in .tools/typescript/ (seconds, once), to type-check the UI's
# JavaScript against its JSDoc; no bundler, nothing emitted. Sets TSC.
ensure_typescript() {
  TSC="$ROOT/.tools/typescript/node_modules/.bin/tsc"
  if [ ! -x "$TSC" ] || [ "$("$TSC" --version 2>/dev/null)" != "Version $TYPESCRIPT_VERSION" ]; then
    command -v npm >/dev/null 2>&1 || { log "npm is needed to fetch TypeScript (apt-get install npm)"; return 1; }
    log "installing TypeScript $TYPESCRIPT_VERSION (npm) in .tools/typescript/"
    npm install --silent --no-fund --no-audit --no-save --prefix "$ROOT/.tools/typescript" \
      "typescript@$TYPESCRIPT_VERSION" >/dev/null
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_port() { # port, name, pid
  for _ in $(seq 1 200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    kill -0 "$3" 2>/dev/null || { log "$2 exited before it listened on port $1"; return 1; }
    sleep 0.1
  done
  log "$2 did not listen on port $1 within 20 s"
  return 1
}

# Start moto (everything) and ministack (CloudWatch) on free loopback ports and export the
# standard AWS variables pointing at them, with dummy credentials. Sets EMULATOR_PIDS.
start_emulators() {
  local logdir="$1" moto_port cw_port
  mkdir -p "$logdir"
  moto_port=$(free_port)
  MOTO_IAM_LOAD_MANAGED_POLICIES=true "$VENV_DIR/moto/bin/moto_server" -H 127.0.0.1 -p "$moto_port" \
    >"$logdir/moto.log" 2>&1 &
  local moto_pid=$!
  cw_port=$(free_port)
  (cd "$logdir" && GATEWAY_PORT="$cw_port" exec "$VENV_DIR/ministack/bin/ministack") \
    >"$logdir/ministack.log" 2>&1 &
  local cw_pid=$!
  EMULATOR_PIDS="$moto_pid $cw_pid"
  wait_port "$moto_port" moto "$moto_pid" && wait_port "$cw_port" ministack "$cw_pid" || return 1
  export AWS_ENDPOINT_URL="http://127.0.0.1:$moto_port"
  export AWS_ENDPOINT_URL_CLOUDWATCH="http://127.0.0.1:$cw_port"
  export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1
  unset AWS_PROFILE AWS_SESSION_TOKEN
  log "moto on $AWS_ENDPOINT_URL, ministack (CloudWatch) on $AWS_ENDPOINT_URL_CLOUDWATCH"
}

# An Xvfb of its own on a free display number (Xvfb picks it). Sets XVFB_PID, XVFB_DISPLAY.
start_xvfb() {
  local dir="$1" n
  mkdir -p "$dir"
  rm -f "$dir/xvfb.display"
  Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp 3>"$dir/xvfb.display" >"$dir/xvfb.log" 2>&1 &
  XVFB_PID=$!
  for _ in $(seq 1 100); do
    n=$(cat "$dir/xvfb.display" 2>/dev/null || true)
    if [ -n "$n" ]; then XVFB_DISPLAY=":$n"; return 0; fi
    kill -0 "$XVFB_PID" 2>/dev/null || break
    sleep 0.1
  done
  log "Xvfb did not start (see $dir/xvfb.log)"
  return 1
}

stop_emulators() {
  if [ -n "${EMULATOR_PIDS:-}" ]; then
    kill $EMULATOR_PIDS 2>/dev/null || true
    wait $EMULATOR_PIDS 2>/dev/null || true
  fi
  EMULATOR_PIDS=""
}
