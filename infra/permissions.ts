/**
 * What each function (by its id in `functions/routes.ts`) may do beyond logging. A function not
 * listed gets table read/write and no mail, so a new one works at once with the least surprise;
 * list it here to narrow or widen it. (Better still: fields on the route tables themselves, so
 * the handler's author states them.)
 */
export type TableAccess = 'none' | 'read' | 'readWrite';

export interface FunctionPermissions {
  table: TableAccess;
  /** `ses:SendEmail` on the domain identity and the configuration set. */
  sendsMail: boolean;
  /** The personal-data key: `seal` (kms:GenerateDataKey, to encrypt), `open` (kms:Decrypt), both, or none. */
  personalData?: 'seal' | 'open' | 'sealAndOpen';
  /**
   * The attachments' bucket: `upload` (sign the browser's PUT), `check` (read a fresh upload's first
   * bytes before the malware scan, delete what is refused), `download` (sign a GET of a clean file),
   * `purge` (list and delete every version of a purged case's files).
   */
  attachments?: 'upload' | 'check' | 'download' | 'purge';
}

const DEFAULT: FunctionPermissions = { table: 'readWrite', sendsMail: false };

export const FUNCTION_PERMISSIONS: Readonly<Record<string, FunctionPermissions>> = {
  // HTTP routes
  Health: { table: 'none', sendsMail: false },
  IntakeOptions: { table: 'none', sendsMail: false },
  OpenApi: { table: 'none', sendsMail: false },
  NotFound: { table: 'none', sendsMail: false },
  // The portal: the functions that show a case open its personal data (and audit it); none of them sends mail itself.
  PortalCase: { table: 'readWrite', sendsMail: false, personalData: 'open' },
  PortalRelease: { table: 'readWrite', sendsMail: false, personalData: 'open' },
  PortalConfirm: { table: 'readWrite', sendsMail: false, personalData: 'open' },
  PortalRecordStart: { table: 'readWrite', sendsMail: false, personalData: 'open' },
  PortalReassign: { table: 'readWrite', sendsMail: false, personalData: 'open' },
  PortalRegistered: { table: 'readWrite', sendsMail: false, personalData: 'open' },
  PortalRequestCompletion: { table: 'readWrite', sendsMail: false, personalData: 'sealAndOpen' },
  PortalReportStayEnd: { table: 'readWrite', sendsMail: false, personalData: 'open' },
  PortalCancelOrder: { table: 'readWrite', sendsMail: false, personalData: 'sealAndOpen' },
  // A change opens the current decision text (to keep what it keeps) and seals the new one.
  PortalChangeOrder: { table: 'readWrite', sendsMail: false, personalData: 'sealAndOpen' },
  PortalChangeConfirmation: { table: 'readWrite', sendsMail: false, personalData: 'open' },
  // Extra visits: their reasons, questions and answers are sealed, and shown opened.
  PortalExtraVisits: { table: 'readWrite', sendsMail: false, personalData: 'open' },
  PortalRegisterExtraVisit: { table: 'readWrite', sendsMail: false, personalData: 'sealAndOpen' },
  PortalReviewExtraVisit: { table: 'readWrite', sendsMail: false, personalData: 'sealAndOpen' },
  PortalAnswerExtraVisit: { table: 'readWrite', sendsMail: false, personalData: 'sealAndOpen' },
  PortalExtraAgreement: { table: 'readWrite', sendsMail: false, personalData: 'sealAndOpen' },
  // Outgoing stays: the person is sealed at registration and opened (audited) to show it and make the order's PDF.
  PortalOutgoingList: { table: 'readWrite', sendsMail: false },
  PortalRegisterOutgoingStay: { table: 'readWrite', sendsMail: false, personalData: 'sealAndOpen' },
  PortalOutgoingRead: { table: 'readWrite', sendsMail: false, personalData: 'open' },
  PortalOutgoingOrderPdf: { table: 'readWrite', sendsMail: false, personalData: 'open' },
  PortalOutgoingSent: { table: 'readWrite', sendsMail: false, personalData: 'open' },
  PortalOutgoingEnd: { table: 'readWrite', sendsMail: false, personalData: 'open' },
  PortalOutgoingConfirmation: { table: 'readWrite', sendsMail: false, personalData: 'open' },
  PortalOutgoingReportReceived: { table: 'readWrite', sendsMail: false, personalData: 'open' },
  PortalOutgoingInvoice: { table: 'readWrite', sendsMail: false, personalData: 'open' },
  PortalExtraVisitReview: { table: 'readWrite', sendsMail: false, personalData: 'open' },
  SubmitOrder: { table: 'readWrite', sendsMail: false, personalData: 'seal' },
  // Messages: texts and file names are sealed and opened; files go straight between browser and bucket.
  MessagesThread: { table: 'readWrite', sendsMail: false, personalData: 'open' },
  MessagesSend: { table: 'readWrite', sendsMail: false, personalData: 'sealAndOpen' },
  MessagesStartUpload: { table: 'readWrite', sendsMail: false, personalData: 'seal', attachments: 'upload' },
  MessagesCheckUpload: { table: 'readWrite', sendsMail: false, attachments: 'check' },
  MessagesDownload: { table: 'readWrite', sendsMail: false, personalData: 'open', attachments: 'download' },
  // Time reports: the extras' reasons and the comments are sealed and opened; the invoice basis reads no personal data (readWrite: the session is touched).
  TimeReports: { table: 'readWrite', sendsMail: false, personalData: 'open' },
  ProviderTimeReports: { table: 'readWrite', sendsMail: false },
  TimeReportSubmit: { table: 'readWrite', sendsMail: false, personalData: 'sealAndOpen' },
  TimeReportReview: { table: 'readWrite', sendsMail: false, personalData: 'sealAndOpen' },
  InvoiceBasisView: { table: 'readWrite', sendsMail: false },
  InvoiceBasisCsv: { table: 'readWrite', sendsMail: false },
  InvoiceBasisPdf: { table: 'readWrite', sendsMail: false },
  // The orderer's code and session open no personal data.
  OrdererSendCode: { table: 'readWrite', sendsMail: false },
  OrdererOpen: { table: 'readWrite', sendsMail: false },
  OrdererCase: { table: 'readWrite', sendsMail: false },
  // The orderer's cancellation seals its reason.
  OrdererCancelOrder: { table: 'readWrite', sendsMail: false, personalData: 'seal' },
  OrdererChangeOrder: { table: 'readWrite', sendsMail: false, personalData: 'sealAndOpen' },
  OrdererLogout: { table: 'readWrite', sendsMail: false },
  // Stream, schedule and queue functions: the only ones that send mail are the outbox's senders.
  DispatchOutbox: { table: 'readWrite', sendsMail: true },
  RetryNotifications: { table: 'readWrite', sendsMail: true },
  SesEvents: { table: 'readWrite', sendsMail: false },
  // Gallring deletes: the case's items, and its files in every version; it opens nothing.
  Purge: { table: 'readWrite', sendsMail: false, attachments: 'purge' },
  PurgeLog: { table: 'readWrite', sendsMail: false },
};

export function permissionsFor(functionId: string): FunctionPermissions {
  return FUNCTION_PERMISSIONS[functionId] ?? DEFAULT;
}
