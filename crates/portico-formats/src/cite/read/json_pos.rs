//! Where each key of a JSON text is, since serde_json keeps no positions.

use std::collections::HashMap;

/// Positions of the keys (and array items) of a JSON text already known to
/// be valid, by field path. A small scanner is enough since serde_json has
/// checked the syntax; it only needs to track strings, nesting and lines.
pub(super) struct JsonScan<'a> {
    b: &'a [u8],
    i: usize,
    line: usize,
    col: usize,
    out: HashMap<String, (usize, usize)>,
}

impl JsonScan<'_> {
    pub(super) fn positions(text: &str) -> HashMap<String, (usize, usize)> {
        let mut s = JsonScan {
            b: text.as_bytes(),
            i: 0,
            line: 1,
            col: 1,
            out: HashMap::new(),
        };
        s.ws();
        s.out.insert(String::new(), (s.line, s.col));
        s.value("", 0);
        s.out
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn bump(&mut self) {
        let Some(c) = self.peek() else { return };
        if c == b'\n' {
            self.line += 1;
            self.col = 1;
        } else if c & 0xC0 != 0x80 {
            self.col += 1;
        }
        self.i += 1;
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.bump();
        }
    }

    fn string(&mut self) -> String {
        let start = self.i;
        self.bump();
        while let Some(c) = self.peek() {
            self.bump();
            match c {
                b'\\' => self.bump(),
                b'"' => break,
                _ => {}
            }
        }
        let raw = self.b.get(start..self.i).unwrap_or_default();
        serde_json::from_slice(raw).unwrap_or_default()
    }

    fn value(&mut self, path: &str, depth: usize) {
        if depth > 256 {
            return;
        }
        self.ws();
        match self.peek() {
            Some(b'{') => {
                self.bump();
                loop {
                    self.ws();
                    match self.peek() {
                        Some(b'}') => {
                            self.bump();
                            return;
                        }
                        Some(b',') => {
                            self.bump();
                            continue;
                        }
                        Some(b'"') => {}
                        _ => return,
                    }
                    let pos = (self.line, self.col);
                    let key = self.string();
                    let child = if path.is_empty() { key } else { format!("{path}.{key}") };
                    self.out.insert(child.clone(), pos);
                    self.ws();
                    if self.peek() == Some(b':') {
                        self.bump();
                    }
                    self.value(&child, depth + 1);
                }
            }
            Some(b'[') => {
                self.bump();
                let mut index = 0;
                loop {
                    self.ws();
                    match self.peek() {
                        Some(b']') => {
                            self.bump();
                            return;
                        }
                        Some(b',') => {
                            self.bump();
                            continue;
                        }
                        None => return,
                        Some(_) => {}
                    }
                    let child = format!("{path}[{index}]");
                    self.out.insert(child.clone(), (self.line, self.col));
                    self.value(&child, depth + 1);
                    index += 1;
                }
            }
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while let Some(c) = self.peek() {
                    if matches!(c, b',' | b']' | b'}' | b' ' | b'\t' | b'\r' | b'\n') {
                        break;
                    }
                    self.bump();
                }
            }
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_positions_count_characters() {
        let text = "{\n  \"name\": \"Zoë\", \"author\": [\n    {\"familyName\": \"Ångström\"},\n    {}\n  ]\n}";
        let pos = JsonScan::positions(text);
        assert_eq!(pos.get("name"), Some(&(2, 3)));
        assert_eq!(pos.get("author"), Some(&(2, 18)));
        assert_eq!(pos.get("author[0]"), Some(&(3, 5)));
        assert_eq!(pos.get("author[0].familyName"), Some(&(3, 6)));
        assert_eq!(pos.get("author[1]"), Some(&(4, 5)));
    }
}
