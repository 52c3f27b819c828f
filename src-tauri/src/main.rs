fn main() {
    baseline_app::run()
}
