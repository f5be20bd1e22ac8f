//! Order-keeping work over every core, for the passes over all tickets (decoding the
//! cache, report facts, JSON rendering): a 2-core machine halves them.

/// Below this many items one thread is quicker than starting others.
const SPLIT_FROM: usize = 2_000;

/// How many threads to use.
pub fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// `f` over contiguous runs of `0..n` on every core; the runs' results, in order.
pub fn runs<U: Send>(n: usize, f: impl Fn(std::ops::Range<usize>) -> U + Sync) -> Vec<U> {
    let workers = workers();
    if n < SPLIT_FROM || workers == 1 {
        return vec![f(0..n)];
    }
    let chunk = n.div_ceil(workers);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n)
            .step_by(chunk)
            .map(|from| scope.spawn(move || f(from..(from + chunk).min(n))))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a worker does not panic"))
            .collect()
    })
}

/// `f` applied to every item on every core, in order.
pub fn map<'a, T: Sync, U: Send>(items: &'a [T], f: impl Fn(&'a T) -> U + Sync) -> Vec<U> {
    runs(items.len(), |range| {
        items[range].iter().map(&f).collect::<Vec<U>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn map_keeps_the_order_of_many_items() {
        let items: Vec<u64> = (0..10_000).collect();
        let doubled = super::map(&items, |x| x * 2);
        assert_eq!(doubled, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        assert!(super::map(&[] as &[u8], |x| *x).is_empty());
    }
}
