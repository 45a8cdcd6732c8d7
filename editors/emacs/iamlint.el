;;; iamlint.el --- Lint AWS IAM policy documents with iamlint  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages, tools, aws
;; URL: https://github.com/iamlint/iamlint

;;; Commentary:

;; Two ways to see iamlint's findings in Emacs; pick one.
;;
;; 1. Eglot (Emacs 29+, or eglot from GNU ELPA) and the language server `iamlint server':
;;    diagnostics as you type, hover documentation, quick fixes (M-x eglot-code-actions).
;;    Eglot runs one server per major mode, so policy files get their own mode,
;;    `iam-policy-mode' (derived from Emacs's JSON mode, so editing is unchanged):
;;
;;      (require 'iamlint)
;;      (add-hook 'iam-policy-mode-hook #'eglot-ensure)
;;
;;    Files whose name contains "policy" or "policies" and ends in .json open in
;;    `iam-policy-mode'; with `iamlint-detect-by-content' (the default) so does any .json file
;;    whose first bytes show a top-level "Statement".
;;
;; 2. Flymake, without a language server: runs `iamlint check --format json -' on the buffer.
;;
;;      (require 'iamlint)
;;      (add-hook 'iam-policy-mode-hook #'iamlint-flymake-setup)   ; or json-mode-hook, ...
;;
;; Point `iamlint-program' at a virtualenv's iamlint if it is not on `exec-path'.

;;; Code:

(require 'flymake)
(require 'subr-x)

(defgroup iamlint nil
  "Lint AWS IAM policy documents with iamlint."
  :group 'tools
  :prefix "iamlint-")

(defcustom iamlint-program "iamlint"
  "The iamlint executable (a name on `exec-path' or an absolute file name)."
  :type 'string)

(defcustom iamlint-server-args '("server")
  "Arguments that make `iamlint-program' run the language server on stdio."
  :type '(repeat string))

(defcustom iamlint-check-args nil
  "Extra arguments for `iamlint check' in the Flymake backend.
For example (\"--ignore\" \"IAM110\")."
  :type '(repeat string))

(defcustom iamlint-initialization-options nil
  "The server's `iamlint' settings object, as a plist for Eglot.
Keys: :select, :extendSelect, :ignore (vectors of rule codes,
prefixes or names), :debounceMs.  For example (:ignore [\"IAM110\"]).
Layered over the project's configuration."
  :type 'plist)

(defcustom iamlint-detect-by-content t
  "Non-nil: open .json files that start like an IAM policy in `iam-policy-mode'.
That is, files whose first 4 KiB show a top-level \"Statement\" key."
  :type 'boolean)

;;;; The major mode

(defconst iamlint--json-parent
  (cond ((fboundp 'js-json-mode) 'js-json-mode)   ; Emacs 29+
        ((fboundp 'json-mode) 'json-mode)         ; the json-mode package
        (t 'js-mode))
  "The JSON mode `iam-policy-mode' derives from.")

(defalias 'iamlint--parent-mode iamlint--json-parent)

;;;###autoload
(define-derived-mode iam-policy-mode iamlint--parent-mode "IAM-Policy"
  "Major mode for AWS IAM policy documents: JSON editing, plus iamlint.
Use with `eglot-ensure' (language server) or `iamlint-flymake-setup' (CLI)."
  (setq-local js-indent-level (if (boundp 'js-indent-level) js-indent-level 2)))

;;;###autoload
(add-to-list 'auto-mode-alist '("[Pp]olic\\(?:y\\|ies\\)[^/]*\\.json\\'" . iam-policy-mode))

(defun iamlint--policy-buffer-p ()
  "Non-nil when the buffer is a .json file whose start looks like an IAM policy."
  (and iamlint-detect-by-content
       buffer-file-name
       (string-match-p "\\.json\\'" buffer-file-name)
       (save-excursion
         (goto-char (point-min))
         (skip-chars-forward " \t\n\r\xfeff")
         (and (eq (char-after) ?{)
              (re-search-forward "\"Statement\"[ \t\n\r]*:" (min (point-max) 4096) t)))))

;;;###autoload
(add-to-list 'magic-mode-alist '(iamlint--policy-buffer-p . iam-policy-mode))

;;;; Eglot

(defvar eglot-server-programs)

(defun iamlint--eglot-contact (_interactive)
  "The Eglot contact for `iam-policy-mode': the server command and its settings."
  `(,iamlint-program ,@iamlint-server-args
    :initializationOptions (:iamlint ,(or iamlint-initialization-options
                                          (make-hash-table)))))

;;;###autoload
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '(iam-policy-mode . iamlint--eglot-contact)))

;;;; Flymake

(defvar-local iamlint--flymake-proc nil
  "The running `iamlint check' process of this buffer.")

(defun iamlint--severity (severity)
  "Flymake's type for iamlint's SEVERITY string."
  (pcase severity
    ("error" :error)
    ((or "security" "warning") :warning)
    (_ :note)))

(defun iamlint--position (line column)
  "Buffer position of 1-based LINE and COLUMN (columns count characters)."
  (save-excursion
    (goto-char (point-min))
    (forward-line (1- line))
    (min (+ (point) (max 0 (1- column))) (line-end-position))))

(defun iamlint--diagnostics (source json-text)
  "Flymake diagnostics for buffer SOURCE from JSON-TEXT.
JSON-TEXT is the output of `iamlint check --format json'."
  (let* ((report (json-parse-string json-text :object-type 'alist :array-type 'list
                                    :null-object nil :false-object nil))
         (diags nil))
    (with-current-buffer source
      (dolist (f (alist-get 'findings report))
        (let* ((range (alist-get 'range f))
               (start (alist-get 'start range))
               (end (alist-get 'end range))
               (beg (iamlint--position (alist-get 'line start) (alist-get 'column start)))
               (fin (iamlint--position (alist-get 'line end) (alist-get 'column end)))
               (aa (alist-get 'access_analyzer f)))
          (when (<= fin beg)
            (setq fin (min (point-max) (1+ beg))))
          (push (flymake-make-diagnostic
                 source beg fin (iamlint--severity (alist-get 'severity f))
                 (format "%s [%s] %s%s" (alist-get 'code f) (alist-get 'name f)
                         (alist-get 'message f) (if aa (format " (%s)" aa) "")))
                diags))))
    (nreverse diags)))

(defun iamlint-flymake (report-fn &rest _args)
  "Flymake backend: lint the buffer with `iamlint check' and call REPORT-FN.
Runs `iamlint check --format json -' with the buffer on standard input."
  (unless (executable-find iamlint-program)
    (error "Cannot find iamlint (set `iamlint-program')"))
  (when (process-live-p iamlint--flymake-proc)
    (kill-process iamlint--flymake-proc))
  (let* ((source (current-buffer))
         (name (or buffer-file-name (buffer-name)))
         (output (generate-new-buffer " *iamlint-flymake*")))
    (save-restriction
      (widen)
      (setq iamlint--flymake-proc
            (make-process
             :name "iamlint-flymake" :noquery t :connection-type 'pipe
             :coding 'utf-8-unix
             :buffer output
             :stderr (get-buffer-create " *iamlint-flymake-stderr*")
             :command `(,iamlint-program "check" "--format" "json" "--fail-on" "error"
                        ,@iamlint-check-args "--stdin-filename" ,name "-")
             :sentinel
             (lambda (proc _event)
               (when (memq (process-status proc) '(exit signal))
                 (unwind-protect
                     (if (with-current-buffer source (eq proc iamlint--flymake-proc))
                         (with-current-buffer output
                           (if (memq (process-exit-status proc) '(0 1))
                               (funcall report-fn (iamlint--diagnostics source (buffer-string)))
                             (funcall report-fn :panic
                                      :explanation (format "iamlint exited with %s: %s"
                                                           (process-exit-status proc)
                                                           (string-trim (buffer-string))))))
                       (flymake-log :warning "Canceling obsolete check %s" proc))
                   (kill-buffer output))))))
      (process-send-region iamlint--flymake-proc (point-min) (point-max))
      (process-send-eof iamlint--flymake-proc))))

;;;###autoload
(defun iamlint-flymake-setup ()
  "Use iamlint as a Flymake backend in this buffer and turn Flymake on."
  (add-hook 'flymake-diagnostic-functions #'iamlint-flymake nil t)
  (flymake-mode 1))

(provide 'iamlint)
;;; iamlint.el ends here
