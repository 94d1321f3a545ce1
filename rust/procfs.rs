// SPDX-License-Identifier: GPL-2.0

//! `/proc` files beyond `/proc/net`'s single-show ones ([`crate::sys::pernet::ProcFile`]): a
//! directory in a namespace's `/proc/net` ([`ProcDir`]), and files in it that are read record by
//! record through `seq_file` and written with commands ([`ProcFile`], [`SeqRecords`]), as
//! `xt_recent`'s `/proc/net/xt_recent/NAME`.
//!
//! Both are registrations removed on drop. `remove_proc_entry`/`proc_remove` wait for every
//! callback running on the entry and close the files still open on it, so the data a file
//! shows (held by the [`ProcFile`]) outlives every callback that reads it. A file holds its
//! directory, so the directory cannot go first.

use crate::sys::{bindings, pernet::NetInit};
use core::{
    ffi::c_void,
    fmt,
    marker::PhantomData,
    mem::MaybeUninit,
    ptr::{self, NonNull},
};
use kernel::{
    ffi::{c_char, c_int},
    prelude::*,
    seq_file::SeqFile,
    str::CStr,
    sync::Arc,
    uaccess::{UserPtr, UserSlice},
};

/// A directory in a network namespace's `/proc/net`.
///
/// # Invariants
///
/// `pde` is a live entry made by `proc_mkdir`, removed by `drop` (only). It was made in a
/// namespace being set up ([`NetInit`]), whose per-namespace state owns the `ProcDir` (and the
/// files in it) and drops it before the namespace's pernet `exit` returns, so `/proc/net` of
/// the namespace is still there when it is removed.
pub(crate) struct ProcDir {
    pde: NonNull<bindings::proc_dir_entry>,
}

// SAFETY: The entry is not tied to a task or CPU; `proc_remove` may run in any process context.
unsafe impl Send for ProcDir {}
// SAFETY: `&ProcDir` only lets files be created in the directory, which the proc core
// serialises.
unsafe impl Sync for ProcDir {}

impl ProcDir {
    /// `proc_mkdir(name, net->proc_net)`: mode 0555, owned by root.
    pub(crate) fn mkdir_net(net: NetInit, name: &'static CStr) -> Result<Arc<ProcDir>> {
        // SAFETY: `name` is NUL-terminated; `net` is being set up, so its `/proc/net` exists.
        let pde = unsafe { bindings::proc_mkdir(name.as_char_ptr(), net.proc_dir()) };
        let pde = NonNull::new(pde).ok_or(ENOMEM)?;
        // INVARIANT: made by `proc_mkdir` in a namespace being set up; the caller's
        // per-namespace state owns the result.
        let dir = Arc::new(ProcDir { pde }, GFP_KERNEL);
        // On failure the `ProcDir` was dropped, which removed the directory.
        Ok(dir?)
    }
}

impl Drop for ProcDir {
    fn drop(&mut self) {
        // SAFETY: By the type invariant `pde` is live and ours to remove; every file in it holds
        // an `Arc` of this directory, so none is left.
        unsafe { bindings::proc_remove(self.pde.as_ptr()) };
    }
}

/// A `seq_file` being shown: the records' text goes here ([`fmt::Write`]).
pub(crate) struct SeqWriter<'a>(&'a SeqFile);

impl fmt::Write for SeqWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.call_printf(format_args!("{s}"));
        Ok(())
    }
}

/// What a [`ProcFile`] shows and accepts.
pub(crate) trait SeqRecords: Send + Sync + 'static {
    /// The most bytes of a write passed to [`SeqRecords::write`] (longer writes are cut); at
    /// most [`WRITE_BUF`].
    const WRITE_MAX: usize;

    /// Whether record `index` exists (the listing ends at the first that does not).
    fn has_record(&self, index: u64) -> bool;

    /// Writes record `index` (nothing if it has gone since [`SeqRecords::has_record`]).
    /// Runs in process context and must not sleep (the `seq_file` may be retried).
    fn show_record(&self, index: u64, out: &mut SeqWriter<'_>);

    /// A `write(2)` of `data` (the first `WRITE_MAX` bytes written, already copied in) at the
    /// file position `pos`, which it may move: the byte count to report, or the error.
    fn write(&self, data: &[u8], pos: &mut i64) -> Result<usize>;
}

/// The largest [`SeqRecords::WRITE_MAX`]: the stack buffer a write is copied into.
pub(crate) const WRITE_BUF: usize = 64;

/// A file in a [`ProcDir`] showing and taking commands for a `T`.
///
/// # Invariants
///
/// `pde` is a live entry made by `proc_create_data` in `dir` with `Adapter::<T>`'s operations
/// and `data` (an `Arc::as_ptr` of `_data`) as its data, removed by `drop` (only).
pub(crate) struct ProcFile<T: SeqRecords> {
    pde: NonNull<bindings::proc_dir_entry>,
    _data: Arc<T>,
    _dir: Arc<ProcDir>,
}

// SAFETY: As `ProcDir`; the data is `Send + Sync`.
unsafe impl<T: SeqRecords> Send for ProcFile<T> {}
// SAFETY: `&ProcFile` gives access to nothing.
unsafe impl<T: SeqRecords> Sync for ProcFile<T> {}

impl<T: SeqRecords> ProcFile<T> {
    /// `proc_create_data(name, mode, dir, ...)` showing `data`, owned by root (uid and gid 0 of
    /// the initial user namespace, `proc_set_user`). `ENOMEM` if the entry cannot be made.
    pub(crate) fn create(dir: &Arc<ProcDir>, name: &CStr, mode: u16, data: Arc<T>) -> Result<Self> {
        const { assert!(T::WRITE_MAX <= WRITE_BUF) };
        let ptr = Arc::as_ptr(&data).cast_mut().cast::<c_void>();
        // SAFETY: `name` is NUL-terminated (the proc core copies it); `dir` is a live directory
        // (type invariant of `ProcDir`, held by the `Arc`); the operations are `'static`; `ptr`
        // stays valid until the entry is removed, since we keep `data` until then.
        let pde = unsafe {
            bindings::proc_create_data(
                name.as_char_ptr(),
                mode,
                dir.pde.as_ptr(),
                Adapter::<T>::proc_ops(),
                ptr,
            )
        };
        let pde = NonNull::new(pde).ok_or(ENOMEM)?;
        // SAFETY: `pde` was just made and is live.
        unsafe { bindings::oxt_proc_set_root(pde.as_ptr()) };
        // INVARIANT: made by `proc_create_data` in `dir` with `data`.
        Ok(ProcFile {
            pde,
            _data: data,
            _dir: dir.clone(),
        })
    }
}

impl<T: SeqRecords> Drop for ProcFile<T> {
    fn drop(&mut self) {
        // SAFETY: By the type invariant `pde` is live. `proc_remove` waits for the callbacks
        // in progress and closes the open files; only then are `_data` and `_dir` dropped.
        unsafe { bindings::proc_remove(self.pde.as_ptr()) };
    }
}

/// The C callbacks of a [`ProcFile<T>`].
struct Adapter<T>(PhantomData<T>);

impl<T: SeqRecords> Adapter<T> {
    const SEQ_OPS: bindings::seq_operations = bindings::seq_operations {
        start: Some(Self::start),
        stop: Some(Self::stop),
        next: Some(Self::next),
        show: Some(Self::show),
    };

    const PROC_OPS: bindings::proc_ops = bindings::proc_ops {
        proc_open: Some(Self::open),
        proc_read: Some(bindings::seq_read),
        proc_write: Some(Self::write),
        proc_lseek: Some(bindings::seq_lseek),
        proc_release: Some(bindings::seq_release),
        // SAFETY: All zeros is a valid `proc_ops`: no flags and null (absent) callbacks.
        ..unsafe { MaybeUninit::zeroed().assume_init() }
    };

    const fn proc_ops() -> &'static bindings::proc_ops {
        &Self::PROC_OPS
    }

    const fn seq_ops() -> &'static bindings::seq_operations {
        &Self::SEQ_OPS
    }

    /// The token of record `index`: `index + 1` as a pointer, never dereferenced (`seq_file`
    /// only tells NULL, the end, from the rest).
    fn token(index: i64) -> *mut c_void {
        match usize::try_from(index).ok().and_then(|i| i.checked_add(1)) {
            Some(t) => ptr::without_provenance_mut(t),
            None => ptr::null_mut(),
        }
    }

    /// The `T` of a `seq_file` opened by [`Adapter::open`].
    ///
    /// # Safety
    ///
    /// `m` is the live `seq_file` of one of our files, inside one of its callbacks.
    unsafe fn data<'a>(m: *mut bindings::seq_file) -> &'a T {
        // SAFETY: `open` set `private` to the entry's data, a `T` that lives until the entry is
        // removed, which waits for this callback.
        unsafe { &*(*m).private.cast::<T>() }
    }

    /// # Safety
    ///
    /// Called by `seq_file` with one of our files' `seq_file` and its position.
    unsafe extern "C" fn start(
        m: *mut bindings::seq_file,
        pos: *mut bindings::loff_t,
    ) -> *mut c_void {
        // SAFETY: Per the caller; `pos` is valid for the call.
        let (data, index) = unsafe { (Self::data(m), *pos) };
        match u64::try_from(index) {
            Ok(i) if data.has_record(i) => Self::token(index),
            _ => ptr::null_mut(),
        }
    }

    /// # Safety
    ///
    /// As [`Adapter::start`].
    unsafe extern "C" fn next(
        m: *mut bindings::seq_file,
        _v: *mut c_void,
        pos: *mut bindings::loff_t,
    ) -> *mut c_void {
        // SAFETY: `pos` is valid for the call.
        unsafe { *pos = (*pos).saturating_add(1) };
        // SAFETY: Per the caller.
        unsafe { Self::start(m, pos) }
    }

    /// # Safety
    ///
    /// Called by `seq_file` after `start`; there is nothing to undo.
    unsafe extern "C" fn stop(_m: *mut bindings::seq_file, _v: *mut c_void) {}

    /// # Safety
    ///
    /// Called by `seq_file` with one of our files' `seq_file` and a token from `start`/`next`.
    unsafe extern "C" fn show(m: *mut bindings::seq_file, v: *mut c_void) -> c_int {
        // SAFETY: Per the caller.
        let data = unsafe { Self::data(m) };
        // CAST: `v` is a token, `index + 1`, not a pointer to anything.
        let Some(index) = v.addr().checked_sub(1) else {
            return 0;
        };
        // SAFETY: `m` is a live `seq_file` for the call; the two bindings' `seq_file` are the
        // same C struct.
        let seq = unsafe { SeqFile::from_raw(m.cast()) };
        // CAST: `usize` is at most 64 bits wide.
        data.show_record(index as u64, &mut SeqWriter(seq));
        0
    }

    /// # Safety
    ///
    /// Called by the proc core to open one of our entries.
    unsafe extern "C" fn open(inode: *mut bindings::inode, file: *mut bindings::file) -> c_int {
        // SAFETY: `inode` and `file` are live for the call; the operations are `'static`.
        unsafe { bindings::oxt_proc_seq_open(inode, file, Self::seq_ops()) }
    }

    /// # Safety
    ///
    /// Called by the proc core for a `write(2)` on one of our open files: `buf` is a user
    /// pointer to `size` bytes, `ppos` the position, valid for the call.
    unsafe extern "C" fn write(
        file: *mut bindings::file,
        buf: *const c_char,
        size: usize,
        ppos: *mut bindings::loff_t,
    ) -> isize {
        // SAFETY: `file` is one of our open files: its inode's data is the entry's `T`, which
        // lives until the entry is removed, which waits for this call.
        let data = unsafe { &*bindings::oxt_proc_file_data(file).cast::<T>() };
        let n = size.min(T::WRITE_MAX);
        let mut kbuf = [0u8; WRITE_BUF];
        let Some(dst) = kbuf.get_mut(..n) else {
            return EINVAL.to_errno() as isize;
        };
        let copied = UserSlice::new(UserPtr::from_ptr(buf.cast_mut().cast()), n)
            .reader()
            .read_slice(dst);
        if let Err(e) = copied {
            return e.to_errno() as isize;
        }
        // SAFETY: `ppos` is valid for the call.
        let pos = unsafe { &mut *ppos };
        match data.write(kbuf.get(..n).unwrap_or(&[]), pos) {
            // CAST: at most `WRITE_MAX` bytes.
            Ok(k) => k as isize,
            Err(e) => e.to_errno() as isize,
        }
    }
}
