import { describe, expect, it } from '@jest/globals'
import { gitFolderOf, isGitSegment } from '../../src/artifacts/entry-filter.js'

describe('isGitSegment', () => {
  it.each([
    '.git',
    '.GIT',
    '.Git',
    '.git.',
    '.git..',
    '.git ',
    '.git . ',
    'git~1',
    'GIT~1',
    '.git::$INDEX_ALLOCATION',
    '.git:stream',
    '.g\u200cit',
    '\ufeff.git',
    '.gi\u200dT',
    '.git\u206a'
  ])('refuses %j, which git or a file system reads as .git', name => {
    expect(isGitSegment(name)).toBe(true)
  })

  it.each([
    '.gitignore',
    '.gitmodules',
    '.github',
    'git',
    '..git',
    'x.git',
    '.git1',
    'git~2',
    '.g it'
  ])('keeps %j', name => {
    expect(isGitSegment(name)).toBe(false)
  })
})

describe('gitFolderOf', () => {
  it('names the path up to its first git segment, at any depth, backslashes included', () => {
    expect(gitFolderOf('.git/hooks/post-checkout')).toBe('.git')
    expect(gitFolderOf('sub/.GIT/config')).toBe('sub/.GIT')
    expect(gitFolderOf('a/b/git~1/hooks/pre-commit')).toBe('a/b/git~1')
    expect(gitFolderOf('a\\.git\\hooks\\x')).toBe('a/.git')
    expect(gitFolderOf('.git')).toBe('.git')
    expect(gitFolderOf('src/.gitignore')).toBeNull()
    expect(gitFolderOf('docs/git/guide.md')).toBeNull()
  })
})
