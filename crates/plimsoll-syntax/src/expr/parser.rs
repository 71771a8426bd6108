//! Recursive descent over the tokens, with a depth bound.
//!
//! Precedence, loosest first: `||`, `&&`, `==` `!=`, `<` `<=` `>` `>=`,
//! `!`, then postfix access (`.name`, `.*`, `[index]`) on primaries.

use super::lexer::{Tok, lex};
use super::{BinOp, Expr, ExprError, ExprKind};
use plimsoll_diagnostics::Span;

/// Deepest nesting of parentheses, calls, indexes and `!` accepted.
pub const MAX_DEPTH: usize = 64;

/// Most tokens an expression may have: it bounds the depth of operator
/// and access chains, which are trees too.
pub const MAX_TOKENS: usize = 1000;

/// Parses an expression; spans are offsets into `text`.
pub fn parse(text: &str) -> Result<Expr, ExprError> {
    parse_at(text, 0)
}

/// Parses an expression; spans are shifted by `offset`.
pub fn parse_at(text: &str, offset: usize) -> Result<Expr, ExprError> {
    let tokens = lex(text, offset)?;
    let end = offset + text.len();
    if tokens.len() > MAX_TOKENS {
        return Err(ExprError {
            message: format!("expression longer than {MAX_TOKENS} tokens"),
            span: Span::new(offset, end),
        });
    }
    if tokens.is_empty() {
        return Err(ExprError {
            message: "empty expression".into(),
            span: Span::new(offset, end),
        });
    }
    let mut p = Parser {
        tokens,
        pos: 0,
        depth: 0,
        end,
    };
    let e = p.or()?;
    if let Some((t, span)) = p.tokens.get(p.pos) {
        return Err(ExprError {
            message: format!("unexpected {} after the expression", t.describe()),
            span: *span,
        });
    }
    Ok(e)
}

struct Parser {
    tokens: Vec<(Tok, Span)>,
    pos: usize,
    depth: usize,
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|(t, _)| t)
    }

    fn next(&mut self) -> Option<(Tok, Span)> {
        let t = self.tokens.get(self.pos).cloned();
        if t.is_some() {
            self.pos += 1;
        }
        t
    }

    fn here(&self) -> Span {
        self.tokens
            .get(self.pos)
            .map_or(Span::empty(self.end), |(_, s)| *s)
    }

    fn error(&self, expected: &str) -> ExprError {
        let message = match self.peek() {
            Some(t) => format!("expected {expected}, found {}", t.describe()),
            None => format!("expected {expected}, found the end of the expression"),
        };
        ExprError {
            message,
            span: self.here(),
        }
    }

    fn expect(&mut self, tok: &Tok, what: &str) -> Result<Span, ExprError> {
        if self.peek() == Some(tok) {
            Ok(self.next().map_or(Span::empty(self.end), |(_, s)| s))
        } else {
            Err(self.error(what))
        }
    }

    fn enter(&mut self) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ExprError {
                message: format!("expression nested deeper than {MAX_DEPTH} levels"),
                span: self.here(),
            });
        }
        Ok(())
    }

    fn binary(
        &mut self,
        ops: &[(Tok, BinOp)],
        operand: fn(&mut Parser) -> Result<Expr, ExprError>,
    ) -> Result<Expr, ExprError> {
        let mut lhs = operand(self)?;
        while let Some(op) = self
            .peek()
            .and_then(|t| ops.iter().find(|(o, _)| o == t).map(|(_, op)| *op))
        {
            self.pos += 1;
            let rhs = operand(self)?;
            let span = lhs.span.cover(rhs.span);
            lhs = Expr {
                kind: ExprKind::Binary {
                    op,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                },
                span,
            };
        }
        Ok(lhs)
    }

    fn or(&mut self) -> Result<Expr, ExprError> {
        self.binary(&[(Tok::Or, BinOp::Or)], Parser::and)
    }

    fn and(&mut self) -> Result<Expr, ExprError> {
        self.binary(&[(Tok::And, BinOp::And)], Parser::equality)
    }

    fn equality(&mut self) -> Result<Expr, ExprError> {
        self.binary(
            &[(Tok::Eq, BinOp::Eq), (Tok::Ne, BinOp::Ne)],
            Parser::comparison,
        )
    }

    fn comparison(&mut self) -> Result<Expr, ExprError> {
        self.binary(
            &[
                (Tok::Lt, BinOp::Lt),
                (Tok::Le, BinOp::Le),
                (Tok::Gt, BinOp::Gt),
                (Tok::Ge, BinOp::Ge),
            ],
            Parser::unary,
        )
    }

    fn unary(&mut self) -> Result<Expr, ExprError> {
        if self.peek() == Some(&Tok::Not) {
            let start = self.here();
            self.pos += 1;
            self.enter()?;
            let inner = self.unary()?;
            self.depth -= 1;
            let span = start.cover(inner.span);
            return Ok(Expr {
                kind: ExprKind::Not(Box::new(inner)),
                span,
            });
        }
        self.postfix()
    }

    fn postfix(&mut self) -> Result<Expr, ExprError> {
        let mut e = self.primary()?;
        loop {
            match self.peek() {
                Some(Tok::Dot) => {
                    self.pos += 1;
                    match self.next() {
                        Some((Tok::Star, s)) => {
                            let span = e.span.cover(s);
                            e = Expr {
                                kind: ExprKind::Wildcard { base: Box::new(e) },
                                span,
                            };
                        }
                        Some((Tok::Ident(name), s)) => e = property(e, name, s),
                        // Keywords are valid property names (`inputs.true`).
                        Some((Tok::Null, s)) => e = property(e, "null".into(), s),
                        Some((Tok::Bool(b), s)) => e = property(e, b.to_string(), s),
                        Some(_) => {
                            self.pos -= 1;
                            return Err(self.error("a property name or `*` after `.`"));
                        }
                        None => return Err(self.error("a property name or `*` after `.`")),
                    }
                }
                Some(Tok::LBracket) => {
                    self.pos += 1;
                    if self.peek() == Some(&Tok::Star) {
                        self.pos += 1;
                        let close = self.expect(&Tok::RBracket, "`]`")?;
                        let span = e.span.cover(close);
                        e = Expr {
                            kind: ExprKind::Wildcard { base: Box::new(e) },
                            span,
                        };
                        continue;
                    }
                    self.enter()?;
                    let index = self.or()?;
                    self.depth -= 1;
                    let close = self.expect(&Tok::RBracket, "`]`")?;
                    let span = e.span.cover(close);
                    e = Expr {
                        kind: ExprKind::Index {
                            base: Box::new(e),
                            index: Box::new(index),
                        },
                        span,
                    };
                }
                _ => return Ok(e),
            }
        }
    }

    fn primary(&mut self) -> Result<Expr, ExprError> {
        let Some((tok, span)) = self.next() else {
            return Err(self.error("a value"));
        };
        let kind = match tok {
            Tok::Null => ExprKind::Null,
            Tok::Bool(b) => ExprKind::Bool(b),
            Tok::Number(n) => ExprKind::Number(n),
            Tok::String(s) => ExprKind::String(s),
            Tok::LParen => {
                self.enter()?;
                let inner = self.or()?;
                self.depth -= 1;
                let close = self.expect(&Tok::RParen, "`)`")?;
                // Parentheses only group: keep the inner node, widen its span.
                return Ok(Expr {
                    kind: inner.kind,
                    span: span.cover(close),
                });
            }
            Tok::Ident(name) => {
                if self.peek() == Some(&Tok::LParen) {
                    self.pos += 1;
                    self.enter()?;
                    let mut args = Vec::new();
                    if self.peek() != Some(&Tok::RParen) {
                        loop {
                            args.push(self.or()?);
                            if self.peek() == Some(&Tok::Comma) {
                                self.pos += 1;
                                continue;
                            }
                            break;
                        }
                    }
                    self.depth -= 1;
                    let close = self.expect(&Tok::RParen, "`,` or `)`")?;
                    return Ok(Expr {
                        kind: ExprKind::Call {
                            name,
                            name_span: span,
                            args,
                        },
                        span: span.cover(close),
                    });
                }
                ExprKind::Context(name)
            }
            other => {
                return Err(ExprError {
                    message: format!("expected a value, found {}", other.describe()),
                    span,
                });
            }
        };
        Ok(Expr { kind, span })
    }
}

fn property(base: Expr, name: String, name_span: Span) -> Expr {
    let span = base.span.cover(name_span);
    Expr {
        kind: ExprKind::Property {
            base: Box::new(base),
            name,
            name_span,
        },
        span,
    }
}
