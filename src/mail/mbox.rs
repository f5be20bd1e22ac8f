//! Reading an mbox file one message at a time.
