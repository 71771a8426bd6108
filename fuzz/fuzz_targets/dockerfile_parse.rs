//! The Dockerfile parser must take any input without panicking, and every
//! span it returns must be a valid range of that input.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let df = plimsoll_syntax::dockerfile::parse(&text);
    for inst in &df.instructions {
        for span in [inst.span, inst.full_span, inst.keyword_span, inst.args_span] {
            assert!(span.start <= span.end && span.end <= text.len());
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
        if let Some(script) = inst.effective().script() {
            for cmd in &script.commands {
                assert!(cmd.span.end <= text.len());
            }
        }
    }
});
