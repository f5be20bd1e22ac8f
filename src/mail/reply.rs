//! Trimming quoted text and signatures from replies; cleaning subjects.
