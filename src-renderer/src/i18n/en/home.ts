/** Home, the start screen after unlock (home-view.tsx). */
export const home = {
  title: 'Home',
  recent: {
    title: 'Recently added',
    empty: 'Nothing yet: drop scans, photos or PDFs anywhere in this window, or use Add documents.',
  },
  inbox: {
    title: 'Inbox',
    waiting_one: 'suggestion to review',
    waiting_other: 'suggestions to review',
    open: 'Open the Inbox',
  },
  due: {
    title: 'Due soon',
    none: 'Nothing is due or expiring soon.',
    all: 'All due dates',
  },
  storage: {
    title: 'Storage',
    documents_one: 'Document',
    documents_other: 'Documents',
    pages_one: 'Page',
    pages_other: 'Pages',
    size: 'Vault size on disk',
    trashed_one: 'In the trash',
    trashed_other: 'In the trash',
  },
};
